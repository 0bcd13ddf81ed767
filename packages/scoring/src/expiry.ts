import type { ArtifactKind } from '@aims/core';
import { addDuration, type FreshnessDuration } from './duration.js';
import type { ControlLibrary } from './library/model.js';
import { toMillis } from './time.js';

/**
 * When evidence of this kind, effective at effectiveAt, stops being fresh: effectiveAt plus the
 * shortest freshness window among the requirements of applicable controls that select the kind.
 * Undefined when no such requirement sets a window (the evidence stays fresh while it exists).
 * The normaliser stores it as the artifact version's expiresAt; scoring itself applies each
 * requirement's own window.
 */
export function expiresAtFor(
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
      const window = requirement.freshness[kind];
      if (window) seen.set(`${window.years}/${window.months}/${window.ms}`, window);
    }
  }
  const windows = [...seen.values()];
  byKind.set(kind, windows);
  return windows;
}
