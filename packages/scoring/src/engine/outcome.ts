import type { RuleSlot } from './plan.js';
import { againstRef, ref, staleRef } from './refs.js';
import type { RequirementStats } from './stats.js';
import type { AgainstResult, EvidenceRef, StaleEvidenceRef } from './types.js';

/** How one rule stands: met or not, and its share of the requirement (0-1). */
export interface Outcome {
  readonly rule: RuleSlot;
  readonly stats: RequirementStats;
  readonly met: boolean;
  /** In favour: min(1, present / minCount). Against: 1 when met, else 0. */
  readonly present: number;
  readonly fresh: number;
  /** The shares in the slot's units (whole numbers). */
  readonly presentUnits: number;
  readonly freshUnits: number;
  /** Fresh artifacts still needed (0 against). */
  readonly missing: number;
  /** When fresh (and so the mean of present and fresh) next drops; Infinity if never. */
  readonly dropsAt: number;
}

export function outcomeOf(rule: RuleSlot, stats: RequirementStats): Outcome {
  const { units } = rule.slot;
  if (rule.against) {
    const met = stats.presentCount - stats.freshCount <= (rule.rule.maxCount ?? 0);
    const share = met ? units : 0;
    return {
      rule,
      stats,
      met,
      present: share / units,
      fresh: share / units,
      presentUnits: share,
      freshUnits: share,
      missing: 0,
      dropsAt: stats.dropsAt,
    };
  }
  const { minCount } = rule.rule;
  const per = units / minCount;
  const presentUnits = Math.min(stats.presentCount, minCount) * per;
  const freshUnits = Math.min(stats.freshCount, minCount) * per;
  return {
    rule,
    stats,
    met: stats.freshCount >= minCount,
    present: presentUnits / units,
    fresh: freshUnits / units,
    presentUnits,
    freshUnits,
    missing: Math.max(0, minCount - stats.freshCount),
    dropsAt: stats.dropsAt,
  };
}

/**
 * The alternative that decides: the first with the highest share (a met one has share 1). The
 * share drops only once every alternative at that share has dropped, so it drops at the latest
 * of their drop times.
 */
export function choose(outcomes: readonly Outcome[]): { readonly best: Outcome; readonly dropsAt: number } {
  let best = outcomes[0] as Outcome;
  for (const outcome of outcomes) {
    if (outcome.presentUnits + outcome.freshUnits > best.presentUnits + best.freshUnits) best = outcome;
  }
  let dropsAt = Number.NEGATIVE_INFINITY;
  for (const outcome of outcomes) {
    if (outcome.presentUnits + outcome.freshUnits === best.presentUnits + best.freshUnits)
      dropsAt = Math.max(dropsAt, outcome.dropsAt);
  }
  return { best, dropsAt };
}

/** The interval [from, until) over which a set of statistics stays the same. */
export class Bounds {
  from = Number.NEGATIVE_INFINITY;
  until = Number.POSITIVE_INFINITY;

  add(stats: RequirementStats): void {
    if (stats.lastExpiry > this.from) this.from = stats.lastExpiry;
    if (stats.nextExpiry < this.until) this.until = stats.nextExpiry;
  }

  within(from: number, until: number): void {
    if (from > this.from) this.from = from;
    if (until < this.until) this.until = until;
  }
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Counts and versions of an outcome as the explanation shows them. */
export function evidenceOf(outcome: Outcome): {
  presentCount: number;
  freshCount: number;
  staleCount: number;
  missingCount: number;
  satisfiedBy: EvidenceRef[];
  stale: StaleEvidenceRef[];
} {
  const { stats } = outcome;
  if (outcome.rule.against) {
    return { presentCount: 0, freshCount: 0, staleCount: 0, missingCount: 0, satisfiedBy: [], stale: [] };
  }
  return {
    presentCount: stats.presentCount,
    freshCount: stats.freshCount,
    staleCount: stats.presentCount - stats.freshCount,
    missingCount: outcome.missing,
    satisfiedBy: stats.satisfiedBy.map(ref),
    stale: stats.stale.map(staleRef),
  };
}

/** The counter-evidence of an outcome that counts against. */
export function againstOf(outcome: Outcome): AgainstResult {
  const { stats, rule } = outcome;
  const { overdueAfter } = rule.rule;
  return {
    maxCount: rule.rule.maxCount ?? 0,
    ...(overdueAfter ? { overdueAfter: overdueAfter.text } : {}),
    count: stats.presentCount - stats.freshCount,
    pendingCount: stats.freshCount,
    offending: stats.stale.map(againstRef),
    pending: stats.satisfiedBy.map(againstRef),
  };
}
