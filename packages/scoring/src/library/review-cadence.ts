import type { ControlLibrary } from './model.js';
import { applyOverlays, loadOverlay } from './overlay.js';

/** The clause and requirement a management review (clause 9.3) is evidence of. */
export const MANAGEMENT_REVIEW = { controlId: '9.3', requirementId: 'management-review-held' } as const;

/** Structurally, `@aims/config`'s `managementReview:`. */
export interface ManagementReviewCadence {
  /** ISO 8601 duration: the longest time between two approved management reviews. */
  readonly cadence: string;
}

/**
 * The library with clause 9.3's review requirement fresh for `cadence` instead of the library's
 * year, so a review missing within the configured cadence fails the clause (and opens a gap
 * through the gap lifecycle). The change is an overlay named `workspace-config-management-review`,
 * held to the library's floors like any other; a library without clause 9.3 (clauses turned off)
 * is returned as it is.
 */
export function withReviewCadence(library: ControlLibrary, review: ManagementReviewCadence): ControlLibrary {
  const control = library.controls.find((c) => c.id === MANAGEMENT_REVIEW.controlId);
  const requirement = control?.requirements.find((r) => r.id === MANAGEMENT_REVIEW.requirementId);
  if (!control || !requirement) return library;
  const kinds = requirement.kinds.map((kind) => `          ${kind}: ${JSON.stringify(review.cadence)}`);
  const overlay = loadOverlay(
    [
      'overlay: workspace-config-management-review',
      'controls:',
      `  ${JSON.stringify(MANAGEMENT_REVIEW.controlId)}:`,
      '    requirements:',
      `      ${MANAGEMENT_REVIEW.requirementId}:`,
      '        freshness:',
      ...kinds,
      '',
    ].join('\n'),
    '<workspace config managementReview.cadence>',
  );
  const merged = applyOverlays(library, [overlay]);
  const description = `An approved management review record (inputs, decisions, actions) within the configured cadence (${review.cadence}).`;
  return {
    ...merged,
    controls: merged.controls.map((c) =>
      c.id !== MANAGEMENT_REVIEW.controlId
        ? c
        : {
            ...c,
            requirements: c.requirements.map((r) =>
              r.id === MANAGEMENT_REVIEW.requirementId ? { ...r, description } : r,
            ),
          },
    ),
  };
}
