import { SCOPE_NOUNS } from '../inventory/members.js';
import type { ForEachScope } from '../library/model.js';
import { againstOf, Bounds, choose, evidenceOf, type Outcome, outcomeOf, round2 } from './outcome.js';
import type { RuleSlot, Slot } from './plan.js';
import type { RequirementStats } from './stats.js';
import type { AlternativeResult, InventoryMember, MemberResult, RequirementResult } from './types.js';

/** Where scoring gets statistics; the full and the incremental engine each provide one. */
export interface ScoreSource {
  /** The evaluation time (ms). */
  readonly now: number;
  /** Statistics of a rule over all its matching evidence. */
  stats(rule: RuleSlot): RequirementStats;
  /** The scores of every member of the scope for a forEach requirement, summed (engines may cache). */
  members(slot: Slot, scope: ForEachScope): MemberTotals;
}

/** A requirement's (or member's) figures plus the interval over which they stay the same. */
interface Scored {
  /** Shares 0-1. */
  readonly present: number;
  readonly fresh: number;
  readonly met: boolean;
  readonly missing: number;
  readonly dropsAt: number;
  readonly validFrom: number;
  readonly validUntil: number;
}

export interface MemberScore extends Scored {
  readonly result: MemberResult;
  /** The shares in the slot's units (whole numbers, so sums are exact in any order). */
  readonly presentUnits: number;
  readonly freshUnits: number;
}

export interface ScoredRequirement extends Scored {
  readonly result: RequirementResult;
  /** Evidence in favour exists (for the partially compliant status). */
  readonly inFavour: boolean;
}

/** Member scores of one forEach requirement in member order, with their sums and bounds. */
export interface MemberTotals {
  readonly results: MemberResult[];
  readonly presentUnits: number;
  readonly freshUnits: number;
  readonly met: number;
  readonly missing: number;
  /** Earliest drop of any member's share. */
  readonly dropsAt: number;
  readonly validFrom: number;
  readonly validUntil: number;
}

/** Sums member scores given in member order. */
export function totalMembers(scores: readonly MemberScore[]): MemberTotals {
  let presentUnits = 0;
  let freshUnits = 0;
  let met = 0;
  let missing = 0;
  let dropsAt = Number.POSITIVE_INFINITY;
  let validFrom = Number.NEGATIVE_INFINITY;
  let validUntil = Number.POSITIVE_INFINITY;
  const results: MemberResult[] = new Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] as MemberScore;
    results[i] = score.result;
    presentUnits += score.presentUnits;
    freshUnits += score.freshUnits;
    missing += score.missing;
    if (score.met) met++;
    if (score.dropsAt < dropsAt) dropsAt = score.dropsAt;
    if (score.validFrom > validFrom) validFrom = score.validFrom;
    if (score.validUntil < validUntil) validUntil = score.validUntil;
  }
  return { results, presentUnits, freshUnits, met, missing, dropsAt, validFrom, validUntil };
}

/** Scores a forEach requirement for one member from the member's statistics per rule. */
export function scoreMember(
  slot: Slot,
  member: InventoryMember,
  statsOf: (rule: RuleSlot) => RequirementStats,
): MemberScore {
  const bounds = new Bounds();
  const outcomes = slot.rules.map((rule) => {
    const stats = statsOf(rule);
    bounds.add(stats);
    return outcomeOf(rule, stats);
  });
  const { best, dropsAt } = choose(outcomes);
  const result: MemberResult = {
    id: member.id,
    inInventory: member.inInventory,
    satisfied: best.met,
    ...(slot.requirement.anyOf ? { alternativeId: best.rule.rule.id } : {}),
    present: round2(best.present * 100),
    fresh: round2(best.fresh * 100),
    ...evidenceOf(best),
    ...(best.rule.against ? { against: againstOf(best) } : {}),
  };
  return {
    result,
    present: best.present,
    fresh: best.fresh,
    presentUnits: best.presentUnits,
    freshUnits: best.freshUnits,
    met: best.met,
    missing: best.missing,
    dropsAt,
    validFrom: bounds.from,
    validUntil: bounds.until,
  };
}

function alternative(outcome: Outcome): AlternativeResult {
  const { rule } = outcome.rule;
  return {
    alternativeId: rule.id,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    kinds: [...rule.kinds],
    minCount: rule.minCount,
    ...evidenceOf(outcome),
    satisfied: outcome.met,
  };
}

/** How many unmet members a note names before it says "and N more". */
const NOTE_NAMES = 10;

/** "not met for dispatch-assistant, fraud-screen": the first unmet members, in member order. */
function unmetNote(results: readonly MemberResult[], unmet: number): string {
  const names: string[] = [];
  for (let i = 0; i < results.length && names.length < NOTE_NAMES; i++) {
    const member = results[i] as MemberResult;
    if (!member.satisfied) names.push(member.id);
  }
  const more = unmet - names.length;
  return `not met for ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * Scores one requirement. Without forEach its share is that of the alternative that decides (the
 * first met, or the closest). With forEach its shares are the means over the scope's members
 * (each scored the same way), it is met only when every member is, and an empty inventory does
 * not meet it. The headline counts and versions are always those of all matching evidence.
 */
export function scoreRequirement(slot: Slot, source: ScoreSource): ScoredRequirement {
  const { requirement } = slot;
  const bounds = new Bounds();
  const outcomes = slot.rules.map((rule) => {
    const stats = source.stats(rule);
    bounds.add(stats);
    return outcomeOf(rule, stats);
  });
  const chosen = choose(outcomes);
  const { best } = chosen;
  let scored: Omit<Scored, 'validFrom' | 'validUntil'> = {
    present: best.present,
    fresh: best.fresh,
    met: best.met,
    missing: best.missing,
    dropsAt: chosen.dropsAt,
  };
  let forEach: Pick<RequirementResult, 'members' | 'membersMet' | 'note'> = {};
  const scope = requirement.forEach;
  if (scope) {
    const totals = source.members(slot, scope);
    const n = totals.results.length;
    const whole = n * slot.units;
    bounds.within(totals.validFrom, totals.validUntil);
    scored = {
      present: n === 0 ? 0 : totals.presentUnits / whole,
      fresh: n === 0 ? 0 : totals.freshUnits / whole,
      met: n > 0 && totals.met === n,
      missing: totals.missing,
      dropsAt: totals.dropsAt,
    };
    forEach = {
      members: totals.results,
      membersMet: totals.met,
      ...(n === 0
        ? { note: `no ${SCOPE_NOUNS[scope]} in the inventory` }
        : totals.met < n
          ? { note: unmetNote(totals.results, n - totals.met) }
          : {}),
    };
  }
  const against = best.rule.against;
  const result: RequirementResult = {
    requirementId: requirement.id,
    description: requirement.description,
    kinds: [...requirement.kinds],
    ownerRole: requirement.ownerRole,
    weight: requirement.weight,
    minCount: best.rule.rule.minCount,
    ...evidenceOf(best),
    missingCount: against ? 0 : scored.missing,
    satisfied: scored.met,
    present: round2(scored.present * 100),
    fresh: round2(scored.fresh * 100),
    coverage: round2(((scored.present + scored.fresh) / 2) * 100),
    essential: requirement.essential,
    counts: against ? 'against' : 'for',
    ...(against ? { against: againstOf(best) } : {}),
    ...(requirement.anyOf
      ? { alternativeId: best.rule.rule.id, alternatives: outcomes.map(alternative) }
      : {}),
    ...(scope ? { forEach: scope } : {}),
    ...forEach,
  };
  return {
    ...scored,
    result,
    inFavour: !against && scored.present > 0,
    validFrom: bounds.from,
    validUntil: bounds.until,
  };
}
