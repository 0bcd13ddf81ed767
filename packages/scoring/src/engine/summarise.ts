import type { Requirement } from '../library/model.js';
import { toIso } from '../time.js';
import type { Entry } from './entries.js';
import type { PlannedControl, Slot } from './plan.js';
import type { RequirementStats } from './stats.js';
import type {
  ControlResult,
  ControlStatus,
  EvidenceRef,
  RequirementResult,
  StaleEvidenceRef,
} from './types.js';

export const DEFAULT_EXPLAIN_LIMIT = 20;

/** A control result plus the time interval [validFrom, validUntil) over which it stays the same. */
export interface ScoredControl {
  readonly result: ControlResult;
  readonly validFrom: number;
  readonly validUntil: number;
}

function ref(entry: Entry): EvidenceRef {
  if (entry.ref) return entry.ref;
  const { key, version, contentHash, kind, effectiveAt } = entry.artifact;
  const expiresAt = toIso(entry.exp);
  entry.ref =
    expiresAt === undefined
      ? { key, version, contentHash, kind, effectiveAt }
      : { key, version, contentHash, kind, effectiveAt, expiresAt };
  return entry.ref;
}

function staleRef(entry: Entry): StaleEvidenceRef {
  entry.staleRef ??= { ...ref(entry), expiredAt: new Date(entry.exp).toISOString() };
  return entry.staleRef;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Scores one applicable control from the statistics of each of its requirements. */
export function scoreControl(
  planned: PlannedControl,
  statsOf: (slot: Slot) => RequirementStats,
): ScoredControl {
  const { control } = planned;
  if (control.notApplicable) {
    const result: ControlResult = {
      controlId: control.id,
      title: control.title,
      objectiveId: control.objectiveId,
      tags: control.tags,
      status: 'not_applicable',
      coverage: 0,
      present: 0,
      fresh: 0,
      requirements: [],
      notApplicable: control.notApplicable,
    };
    return { result, validFrom: Number.NEGATIVE_INFINITY, validUntil: Number.POSITIVE_INFINITY };
  }
  let totalWeight = 0;
  let presentWeight = 0;
  let freshWeight = 0;
  let validFrom = Number.NEGATIVE_INFINITY;
  let validUntil = Number.POSITIVE_INFINITY;
  let dropsAt = Number.POSITIVE_INFINITY;
  let allSatisfied = true;
  let nonePresent = true;
  const requirements = planned.slots.map((slot) => {
    const stats = statsOf(slot);
    const { weight, minCount } = slot.requirement;
    totalWeight += weight;
    presentWeight += weight * Math.min(1, stats.presentCount / minCount);
    freshWeight += weight * Math.min(1, stats.freshCount / minCount);
    if (stats.freshCount < minCount) allSatisfied = false;
    if (stats.presentCount > 0) nonePresent = false;
    validFrom = Math.max(validFrom, stats.lastExpiry);
    validUntil = Math.min(validUntil, stats.nextExpiry);
    dropsAt = Math.min(dropsAt, stats.dropsAt);
    return explain(slot.requirement, stats);
  });
  const present = (100 * presentWeight) / totalWeight;
  const fresh = (100 * freshWeight) / totalWeight;
  const status: ControlStatus = allSatisfied
    ? 'compliant'
    : nonePresent
      ? 'not_compliant'
      : 'partially_compliant';
  const nextExpiryAt = toIso(validUntil);
  const coverageDropsAt = toIso(dropsAt);
  const result: ControlResult = {
    controlId: control.id,
    title: control.title,
    objectiveId: control.objectiveId,
    tags: control.tags,
    status,
    coverage: round2((present + fresh) / 2),
    present: round2(present),
    fresh: round2(fresh),
    requirements,
    ...(nextExpiryAt === undefined ? {} : { nextExpiryAt }),
    ...(coverageDropsAt === undefined ? {} : { coverageDropsAt }),
  };
  return { result, validFrom, validUntil };
}

function explain(requirement: Requirement, stats: RequirementStats): RequirementResult {
  return {
    requirementId: requirement.id,
    description: requirement.description,
    kinds: requirement.kinds,
    ownerRole: requirement.ownerRole,
    weight: requirement.weight,
    minCount: requirement.minCount,
    presentCount: stats.presentCount,
    freshCount: stats.freshCount,
    staleCount: stats.presentCount - stats.freshCount,
    missingCount: Math.max(0, requirement.minCount - stats.freshCount),
    satisfied: stats.freshCount >= requirement.minCount,
    satisfiedBy: stats.satisfiedBy.map(ref),
    stale: stats.stale.map(staleRef),
  };
}
