import { type Entry, firstFreshIndex } from './entries.js';
import type { ScorableArtifact } from './types.js';

/**
 * What scoring needs to know about one requirement at one time: counts, the versions to show, and
 * the expiries that bound the result. Built from a sorted entry list (incremental engine) or in
 * one pass over unsorted matches (full evaluation), which must agree.
 */
export interface RequirementStats {
  readonly presentCount: number;
  readonly freshCount: number;
  /** Fresh entries, latest expiry first (ties: greater key first), at most the explain limit. */
  readonly satisfiedBy: readonly Entry[];
  /** Stale entries in the same order. */
  readonly stale: readonly Entry[];
  /** Earliest expiry after now (Infinity if none). */
  readonly nextExpiry: number;
  /** Latest expiry at or before now (-Infinity if none). */
  readonly lastExpiry: number;
  /** When fewer than minCount fresh entries will remain (Infinity if never or none are fresh). */
  readonly dropsAt: number;
}

export function statsFromSorted(
  entries: readonly Entry[],
  now: number,
  minCount: number,
  limit: number,
): RequirementStats {
  const n = entries.length;
  const firstFresh = firstFreshIndex(entries, now);
  const satisfiedBy: Entry[] = [];
  for (let i = n - 1; i >= firstFresh && satisfiedBy.length < limit; i--)
    satisfiedBy.push(entries[i] as Entry);
  const stale: Entry[] = [];
  for (let i = firstFresh - 1; i >= 0 && stale.length < limit; i--) stale.push(entries[i] as Entry);
  return {
    presentCount: n,
    freshCount: n - firstFresh,
    satisfiedBy,
    stale,
    nextExpiry: firstFresh < n ? (entries[firstFresh] as Entry).exp : Number.POSITIVE_INFINITY,
    lastExpiry: firstFresh > 0 ? (entries[firstFresh - 1] as Entry).exp : Number.NEGATIVE_INFINITY,
    dropsAt:
      firstFresh < n ? (entries[Math.max(firstFresh, n - minCount)] as Entry).exp : Number.POSITIVE_INFINITY,
  };
}

/** a comes before b in explanation order: later expiry first, then greater key. */
function before(exp: number, key: string, other: Entry): boolean {
  return exp > other.exp || (exp === other.exp && key > other.key);
}

/** Keeps the first `limit` entries in explanation order, creating entries only for candidates. */
function offer(list: Entry[], limit: number, exp: number, key: string, artifact: ScorableArtifact): void {
  if (limit === 0) return;
  const last = list[list.length - 1];
  if (list.length === limit && last && !before(exp, key, last)) return;
  let at = list.length;
  while (at > 0 && before(exp, key, list[at - 1] as Entry)) at--;
  list.splice(at, 0, { exp, key, artifact });
  if (list.length > limit) list.pop();
}

/** RequirementStats in one pass over matches in any order, without sorting them. */
export class StatsAccumulator implements RequirementStats {
  presentCount = 0;
  freshCount = 0;
  readonly satisfiedBy: Entry[] = [];
  readonly stale: Entry[] = [];
  nextExpiry = Number.POSITIVE_INFINITY;
  lastExpiry = Number.NEGATIVE_INFINITY;
  /** The minCount largest fresh expiries, largest first. */
  readonly #latest: number[] = [];

  constructor(
    readonly now: number,
    readonly minCount: number,
    readonly limit: number,
  ) {}

  add(exp: number, key: string, artifact: ScorableArtifact): void {
    this.presentCount++;
    if (exp <= this.now) {
      if (exp > this.lastExpiry) this.lastExpiry = exp;
      offer(this.stale, this.limit, exp, key, artifact);
      return;
    }
    this.freshCount++;
    if (exp < this.nextExpiry) this.nextExpiry = exp;
    offer(this.satisfiedBy, this.limit, exp, key, artifact);
    const latest = this.#latest;
    if (latest.length < this.minCount || exp > (latest[latest.length - 1] as number)) {
      let at = latest.length;
      while (at > 0 && exp > (latest[at - 1] as number)) at--;
      latest.splice(at, 0, exp);
      if (latest.length > this.minCount) latest.pop();
    }
  }

  get dropsAt(): number {
    if (this.freshCount === 0) return Number.POSITIVE_INFINITY;
    return this.freshCount >= this.minCount ? (this.#latest[this.minCount - 1] as number) : this.nextExpiry;
  }
}
