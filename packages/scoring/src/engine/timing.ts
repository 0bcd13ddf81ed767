import { InvalidArtifactKeyError, parseArtifactKey } from '@aims/core';
import { type AttributePath, compilePath, lookupPath, parseDate } from '../attributes/path.js';
import { addDuration, type FreshnessDuration } from '../duration.js';
import type { EvidenceRule } from '../library/model.js';
import type { Held } from './artifacts.js';
import type { Entry } from './entries.js';
import type { StaleReason } from './types.js';

/** What timing needs from the context: last successful read per source instance. */
export interface TimingContext {
  readonly reads: ReadonlyMap<string, number>;
  /** False for expiresAtFor, which has no harvest history: last-read limits are left out. */
  readonly applyReads: boolean;
}

/** Builds the entry of a matching artifact for one rule: its time and, for a stale one, why. */
export type EntryMaker = (held: Held, context: TimingContext) => Entry;

const NEVER = Number.NEGATIVE_INFINITY;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The connector instance of a key (its second segment), or undefined for a key without one. */
export function instanceOf(key: string): string | undefined {
  try {
    return parseArtifactKey(key).instance;
  } catch (error) {
    if (error instanceof InvalidArtifactKeyError) return undefined;
    throw error;
  }
}

function byKind<T, R>(map: Readonly<Partial<Record<string, T>>>, f: (value: T) => R): Map<string, R> {
  const out = new Map<string, R>();
  for (const [kind, value] of Object.entries(map)) if (value !== undefined) out.set(kind, f(value));
  return out;
}

/** The latest valid date among the attributes (ms), NaN when none has one. */
function latestDate(attributes: Readonly<Record<string, unknown>>, paths: readonly AttributePath[]): number {
  let latest = Number.NaN;
  for (const path of paths) {
    const ms = parseDate(lookupPath(attributes, path));
    if (Number.isFinite(ms) && (Number.isNaN(latest) || ms > latest)) latest = ms;
  }
  return latest;
}

const named = (paths: readonly AttributePath[]): string => paths.map((path) => path.text).join(', ');

function stale(held: Held, reason: StaleReason, message: string): Entry {
  return { exp: NEVER, key: held.artifact.key, artifact: held.artifact, reason, message };
}

/**
 * The timing of a rule. Evidence in favour is fresh until the earliest of: its window counted from
 * effectiveAt (or the freshnessFrom date), its freshUntil date, and its source's last successful
 * read plus lastReadWithin. An unreadable source, a missing or unparsable date, or a source never
 * read makes it stale from the start. Evidence against counts from its start date plus
 * overdueAfter (from the start without one, and at once when its date is missing), whatever its
 * age or source state: time passing can only add counter-evidence, never remove it.
 */
export function compileTiming(rule: EvidenceRule): EntryMaker {
  const from = byKind(rule.freshnessFrom, (attrs) => attrs.map(compilePath));
  if (rule.maxCount !== undefined) return againstTiming(from, rule.overdueAfter);
  const windows = byKind(rule.freshness, (window) => window);
  const until = byKind(rule.freshUntil, compilePath);
  const limits = byKind(rule.lastReadWithin, (window) => window);
  if (from.size === 0 && until.size === 0 && limits.size === 0) {
    return (held) => {
      const { artifact } = held;
      if (artifact.unreadable) return stale(held, 'unreadable', artifact.unreadable.message);
      const window = windows.get(artifact.kind);
      const exp = window ? addDuration(held.effectiveMs, window) : Number.POSITIVE_INFINITY;
      return { exp, key: artifact.key, artifact, reason: 'window' };
    };
  }
  return (held, context) => {
    const { artifact } = held;
    if (artifact.unreadable) return stale(held, 'unreadable', artifact.unreadable.message);
    const { kind, attributes } = artifact;
    let start = held.effectiveMs;
    const fromPaths = from.get(kind);
    if (fromPaths) {
      start = latestDate(attributes, fromPaths);
      if (!Number.isFinite(start)) return stale(held, 'missing_date', `no valid date in ${named(fromPaths)}`);
    }
    const window = windows.get(kind);
    let exp = window ? addDuration(start, window) : Number.POSITIVE_INFINITY;
    let reason: StaleReason = 'window';
    let message: string | undefined;
    const untilPath = until.get(kind);
    if (untilPath) {
      const end = parseDate(lookupPath(attributes, untilPath));
      if (!Number.isFinite(end)) return stale(held, 'missing_date', `no valid date in ${untilPath.text}`);
      if (end < exp) {
        exp = end;
        message = `${untilPath.text} is ${iso(end)}`;
      }
    }
    const limit = limits.get(kind);
    if (limit && context.applyReads) {
      const instance = instanceOf(artifact.key);
      const read = instance === undefined ? undefined : context.reads.get(instance);
      if (read === undefined) {
        return stale(held, 'source_not_read', `source instance "${instance ?? '?'}" has no successful read`);
      }
      const readExp = addDuration(read, limit);
      if (readExp < exp) {
        exp = readExp;
        reason = 'source_not_read';
        message = `source instance "${instance}" last read successfully at ${iso(read)}`;
      }
    }
    return message === undefined
      ? { exp, key: artifact.key, artifact, reason }
      : { exp, key: artifact.key, artifact, reason, message };
  };
}

function againstTiming(
  from: ReadonlyMap<string, readonly AttributePath[]>,
  overdueAfter?: FreshnessDuration,
): EntryMaker {
  return (held) => {
    const { artifact } = held;
    if (!overdueAfter) return { exp: NEVER, key: artifact.key, artifact };
    const fromPaths = from.get(artifact.kind);
    const start = fromPaths ? latestDate(artifact.attributes, fromPaths) : held.effectiveMs;
    const exp = Number.isFinite(start) ? addDuration(start, overdueAfter) : NEVER;
    return { exp, key: artifact.key, artifact };
  };
}
