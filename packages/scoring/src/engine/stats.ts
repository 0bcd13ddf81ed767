import { type Entry, firstFreshIndex } from './entries.js';

/**
 * What scoring needs to know about one rule at one time: counts, the versions to show, and the
 * times that bound the result. Built from a sorted entry list (incremental engine) or in one pass
 * over unsorted matches (full evaluation), which must agree. For a rule that counts against,
 * "fresh" entries are those not yet counting and "stale" ones those counting.
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
  /**
   * In favour: when fewer than minCount fresh entries will remain (Infinity if never or none are
   * fresh). Against: when more than maxCount will count (Infinity if more already do, or never).
   */
  readonly dropsAt: number;
}

/** The statistics of a rule without matches. */
export const NO_STATS: RequirementStats = Object.freeze({
  presentCount: 0,
  freshCount: 0,
  satisfiedBy: [],
  stale: [],
  nextExpiry: Number.POSITIVE_INFINITY,
  lastExpiry: Number.NEGATIVE_INFINITY,
  dropsAt: Number.POSITIVE_INFINITY,
});

/** Against: the (maxCount+1)-th time to count, when at most maxCount count now. */
function againstDropsAt(counting: number, present: number, maxCount: number, nth: () => number): number {
  return counting <= maxCount && present > maxCount ? nth() : Number.POSITIVE_INFINITY;
}

export function statsFromSorted(
  entries: readonly Entry[],
  now: number,
  minCount: number,
  limit: number,
  maxCount?: number,
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
      maxCount !== undefined
        ? againstDropsAt(firstFresh, n, maxCount, () => (entries[maxCount] as Entry).exp)
        : firstFresh < n
          ? (entries[Math.max(firstFresh, n - minCount)] as Entry).exp
          : Number.POSITIVE_INFINITY,
  };
}

/** a comes before b in explanation order: later expiry first, then greater key. */
function before(exp: number, key: string, other: Entry): boolean {
  return exp > other.exp || (exp === other.exp && key > other.key);
}

/** Keeps the first `limit` entries in explanation order. */
function offer(list: Entry[], limit: number, entry: Entry): void {
  if (limit === 0) return;
  const { exp, key } = entry;
  const last = list[list.length - 1];
  if (list.length === limit && last && !before(exp, key, last)) return;
  let at = list.length;
  while (at > 0 && before(exp, key, list[at - 1] as Entry)) at--;
  list.splice(at, 0, entry);
  if (list.length > limit) list.pop();
}

/** Keeps the `size` smallest values, smallest first. */
function keepSmallest(list: number[], size: number, value: number): void {
  if (list.length === size && value >= (list[size - 1] as number)) return;
  let at = list.length;
  while (at > 0 && value < (list[at - 1] as number)) at--;
  list.splice(at, 0, value);
  if (list.length > size) list.pop();
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
  /** Against: the maxCount + 1 smallest times, smallest first. */
  readonly #earliest: number[] = [];

  constructor(
    readonly now: number,
    readonly minCount: number,
    readonly limit: number,
    readonly maxCount?: number,
  ) {}

  add(entry: Entry): void {
    const { exp } = entry;
    this.presentCount++;
    if (this.maxCount !== undefined) keepSmallest(this.#earliest, this.maxCount + 1, exp);
    if (exp <= this.now) {
      if (exp > this.lastExpiry) this.lastExpiry = exp;
      offer(this.stale, this.limit, entry);
      return;
    }
    this.freshCount++;
    if (exp < this.nextExpiry) this.nextExpiry = exp;
    offer(this.satisfiedBy, this.limit, entry);
    const latest = this.#latest;
    if (latest.length < this.minCount || exp > (latest[latest.length - 1] as number)) {
      let at = latest.length;
      while (at > 0 && exp > (latest[at - 1] as number)) at--;
      latest.splice(at, 0, exp);
      if (latest.length > this.minCount) latest.pop();
    }
  }

  get dropsAt(): number {
    const { maxCount } = this;
    if (maxCount !== undefined) {
      return againstDropsAt(
        this.presentCount - this.freshCount,
        this.presentCount,
        maxCount,
        () => this.#earliest[maxCount] as number,
      );
    }
    if (this.freshCount === 0) return Number.POSITIVE_INFINITY;
    return this.freshCount >= this.minCount ? (this.#latest[this.minCount - 1] as number) : this.nextExpiry;
  }
}
