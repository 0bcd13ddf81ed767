import type { ArtifactKind } from '@aims/core';
import { addDuration, type FreshnessDuration } from './duration.js';
import type { ScorableArtifact } from './engine/types.js';
import { selecting } from './freshness.js';
import type { ControlLibrary } from './library/model.js';
import { toMillis } from './time.js';

/** The fields of a version expiresAtFor reads; version and contentHash default when absent. */
export type ExpiryVersion = Pick<ScorableArtifact, 'kind' | 'effectiveAt' | 'attributes' | 'key'> &
  Partial<Pick<ScorableArtifact, 'version' | 'contentHash' | 'tombstone' | 'aiSystems' | 'unreadable'>>;

const NO_READS = { reads: new Map<string, number>(), applyReads: false };

/**
 * When an artifact version stops being fresh for every requirement that selects it (kind and
 * predicates): the latest expiry among the requirements of applicable controls that select it
 * (freshnessOf's freshUntil, without last-read limits, which depend on later harvests).
 * Undefined when none selects it or one of them never lets it expire. The normaliser stores it as
 * the version's expiresAt; scoring applies each requirement's own timing.
 */
export function expiresAtFor(library: ControlLibrary, version: ExpiryVersion): string | undefined;
/**
 * @deprecated Pass the version: `expiresAtFor(library, version)`. This form ignores predicates
 * and date attributes and gives effectiveAt plus the shortest window among requirements selecting
 * the kind.
 */
export function expiresAtFor(
  library: ControlLibrary,
  kind: ArtifactKind,
  effectiveAt: string | Date | number,
): string | undefined;
export function expiresAtFor(
  library: ControlLibrary,
  versionOrKind: ExpiryVersion | ArtifactKind,
  effectiveAt?: string | Date | number,
): string | undefined {
  if (typeof versionOrKind === 'string') {
    return shortestWindowExpiry(library, versionOrKind, effectiveAt ?? Number.NaN);
  }
  const version: ScorableArtifact = {
    version: 1,
    contentHash: '',
    tombstone: false,
    ...versionOrKind,
  };
  const start = toMillis(version.effectiveAt, 'effectiveAt');
  let latest = Number.NEGATIVE_INFINITY;
  let any = false;
  for (const found of selecting(library, version, NO_READS, start)) {
    if (found.counts === 'against') continue;
    any = true;
    if (found.freshUntil === undefined) return undefined;
    latest = Math.max(latest, Date.parse(found.freshUntil));
  }
  return any ? new Date(latest).toISOString() : undefined;
}

function shortestWindowExpiry(
  library: ControlLibrary,
  kind: ArtifactKind,
  effectiveAt: string | Date | number,
): string | undefined {
  const start = toMillis(effectiveAt, 'effectiveAt');
  const windows = windowsOf(library, kind);
  if (windows.length === 0) return undefined;
  let earliest = Number.POSITIVE_INFINITY;
  for (const window of windows) earliest = Math.min(earliest, addDuration(start, window));
  return new Date(earliest).toISOString();
}

/** Distinct freshness windows per library (read-only once loaded) and kind, found once. */
const windowsByLibrary = new WeakMap<ControlLibrary, Map<ArtifactKind, FreshnessDuration[]>>();

function windowsOf(library: ControlLibrary, kind: ArtifactKind): FreshnessDuration[] {
  let byKind = windowsByLibrary.get(library);
  if (!byKind) {
    byKind = new Map();
    windowsByLibrary.set(library, byKind);
  }
  const known = byKind.get(kind);
  if (known) return known;
  const seen = new Map<string, FreshnessDuration>();
  for (const control of library.controls) {
    if (control.notApplicable) continue;
    for (const requirement of control.requirements) {
      for (const rule of requirement.rules) {
        const window = rule.maxCount === undefined ? rule.freshness[kind] : undefined;
        if (window) seen.set(`${window.years}/${window.months}/${window.ms}`, window);
      }
    }
  }
  const windows = [...seen.values()];
  byKind.set(kind, windows);
  return windows;
}
