import { parseDate } from '../attributes/path.js';
import { toIso } from '../time.js';
import { round2 } from './outcome.js';
import type { PlannedControl } from './plan.js';
import { type ScoreSource, scoreRequirement } from './requirement.js';
import type { ControlResult, ControlStatus } from './types.js';

export const DEFAULT_EXPLAIN_LIMIT = 20;

/** A control result plus the time interval [validFrom, validUntil) over which it stays the same. */
export interface ScoredControl {
  readonly result: ControlResult;
  readonly validFrom: number;
  readonly validUntil: number;
}

/**
 * An excluded control: not applicable, its exclusion shown with whether its review is overdue.
 * The result changes once, when the review date passes.
 */
function notApplicable(planned: PlannedControl, now: number): ScoredControl {
  const { control } = planned;
  const exclusion = control.notApplicable;
  const reviewBy = exclusion ? parseDate(exclusion.reviewBy) : Number.NaN;
  const overdue = Number.isFinite(reviewBy) && now >= reviewBy;
  const nextExpiryAt = Number.isFinite(reviewBy) && !overdue ? toIso(reviewBy) : undefined;
  const result: ControlResult = {
    controlId: control.id,
    title: control.title,
    objectiveId: control.objectiveId,
    library: control.library,
    tags: [...control.tags],
    status: 'not_applicable',
    coverage: 0,
    present: 0,
    fresh: 0,
    requirements: [],
    ...(exclusion ? { notApplicable: { ...exclusion, reviewOverdue: overdue } } : {}),
    ...(nextExpiryAt === undefined ? {} : { nextExpiryAt }),
    ...(control.removed ? { removedRequirements: [...control.removed] } : {}),
  };
  if (!Number.isFinite(reviewBy)) {
    return { result, validFrom: Number.NEGATIVE_INFINITY, validUntil: Number.POSITIVE_INFINITY };
  }
  return overdue
    ? { result, validFrom: reviewBy, validUntil: Number.POSITIVE_INFINITY }
    : { result, validFrom: Number.NEGATIVE_INFINITY, validUntil: reviewBy };
}

/**
 * Scores one control from its requirements. Compliant when every requirement is met; not
 * compliant when an essential one is not, or when nothing speaks for the control (no evidence in
 * favour, and no counter-evidence requirement holds in a control made only of those); partially
 * compliant otherwise. Coverage weighs each requirement's present and fresh shares.
 */
export function scoreControl(planned: PlannedControl, source: ScoreSource): ScoredControl {
  const { control } = planned;
  if (control.notApplicable) return notApplicable(planned, source.now);
  let totalWeight = 0;
  let presentWeight = 0;
  let freshWeight = 0;
  let validFrom = Number.NEGATIVE_INFINITY;
  let validUntil = Number.POSITIVE_INFINITY;
  let dropsAt = Number.POSITIVE_INFINITY;
  let allMet = true;
  let inFavour = false;
  let onlyAgainst = true;
  let anyAgainstMet = false;
  const unmetEssential: string[] = [];
  const requirements = planned.slots.map((slot) => {
    const scored = scoreRequirement(slot, source);
    const { weight } = slot.requirement;
    totalWeight += weight;
    presentWeight += weight * scored.present;
    freshWeight += weight * scored.fresh;
    if (!scored.met) {
      allMet = false;
      if (slot.requirement.essential) unmetEssential.push(slot.requirement.id);
    }
    if (scored.inFavour) inFavour = true;
    if (slot.requirement.maxCount === undefined) onlyAgainst = false;
    else if (scored.met) anyAgainstMet = true;
    validFrom = Math.max(validFrom, scored.validFrom);
    validUntil = Math.min(validUntil, scored.validUntil);
    dropsAt = Math.min(dropsAt, scored.dropsAt);
    return scored.result;
  });
  const present = (100 * presentWeight) / totalWeight;
  const fresh = (100 * freshWeight) / totalWeight;
  const status: ControlStatus = allMet
    ? 'compliant'
    : unmetEssential.length > 0
      ? 'not_compliant'
      : inFavour || (onlyAgainst && anyAgainstMet)
        ? 'partially_compliant'
        : 'not_compliant';
  const nextExpiryAt = toIso(validUntil);
  const coverageDropsAt = toIso(dropsAt);
  const result: ControlResult = {
    controlId: control.id,
    title: control.title,
    objectiveId: control.objectiveId,
    library: control.library,
    tags: [...control.tags],
    status,
    coverage: round2((present + fresh) / 2),
    present: round2(present),
    fresh: round2(fresh),
    requirements,
    ...(nextExpiryAt === undefined ? {} : { nextExpiryAt }),
    ...(coverageDropsAt === undefined ? {} : { coverageDropsAt }),
    ...(unmetEssential.length > 0 ? { unmetEssential } : {}),
    ...(control.removed ? { removedRequirements: [...control.removed] } : {}),
  };
  return { result, validFrom, validUntil };
}
