import type { ArtifactKind } from '@aims/core';
import { addDuration } from './duration.js';
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
  let earliest = Number.POSITIVE_INFINITY;
  for (const control of library.controls) {
    if (control.notApplicable) continue;
    for (const requirement of control.requirements) {
      const window = requirement.freshness[kind];
      if (window) earliest = Math.min(earliest, addDuration(start, window));
    }
  }
  return Number.isFinite(earliest) ? new Date(earliest).toISOString() : undefined;
}
