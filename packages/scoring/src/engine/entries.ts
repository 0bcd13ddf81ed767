import type {
  AgainstEvidenceRef,
  EvidenceRef,
  ScorableArtifact,
  StaleEvidenceRef,
  StaleReason,
} from './types.js';

/**
 * A matching artifact inside one rule, ordered by its time then key. For evidence in favour the
 * time is its expiry (fresh while now < exp; Infinity when it never goes stale, -Infinity when it
 * never was fresh); for evidence against, the time it starts counting (counts while exp <= now).
 */
export interface Entry {
  readonly exp: number;
  readonly key: string;
  readonly artifact: ScorableArtifact;
  /** Why it is stale once past exp (evidence in favour). */
  readonly reason?: StaleReason;
  readonly message?: string;
  /** Explanation records, built on first use and kept with the entry (they never change). */
  ref?: EvidenceRef;
  staleRef?: StaleEvidenceRef;
  againstRef?: AgainstEvidenceRef;
}

export function compareEntries(a: Entry, b: Entry): number {
  if (a.exp !== b.exp) return a.exp < b.exp ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Index of the first entry whose expiry is after t: entries before it are stale at t. */
export function firstFreshIndex(entries: readonly Entry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as Entry).exp <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(entries: readonly Entry[], probe: Entry): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(entries[mid] as Entry, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertEntry(entries: Entry[], entry: Entry): void {
  entries.splice(lowerBound(entries, entry), 0, entry);
}

/** Removes the entry with this expiry and key; false when it is not there. */
export function removeEntry(entries: Entry[], exp: number, key: string, artifact: ScorableArtifact): boolean {
  const at = lowerBound(entries, { exp, key, artifact });
  const found = entries[at];
  if (!found || found.exp !== exp || found.key !== key) return false;
  entries.splice(at, 1);
  return true;
}
