import type { ApiSchema, ArtifactVersion } from '@aims/core';
import { type ControlLibrary, freshnessOf, type ScoringContext } from '@aims/scoring';

type Freshness = ApiSchema<'RequirementFreshness'>;

/**
 * The one freshness model, per (version, requirement): one entry for every requirement of an
 * applicable control that selects the version, as scoring itself applies it.
 */
export function freshnessView(
  library: ControlLibrary,
  version: ArtifactVersion,
  now: Date,
  context?: ScoringContext,
): Freshness[] {
  return freshnessOf(library, version, now, context).map((entry) => {
    const out: Freshness = {
      controlId: entry.controlId,
      requirementId: entry.requirementId,
      stale: entry.stale,
      counts: entry.counts,
    };
    if (entry.freshUntil !== undefined) out.freshUntil = entry.freshUntil;
    if (entry.stale && entry.reason !== undefined)
      out.reason = entry.reason as NonNullable<Freshness['reason']>;
    return out;
  });
}

/** Stale for every requirement that selects it in its favour (never stale when none selects it). */
export function isStaleFor(freshness: readonly Freshness[]): boolean {
  const inFavour = freshness.filter((entry) => entry.counts !== 'against');
  return inFavour.length > 0 && inFavour.every((entry) => entry.stale);
}

/** An artifact's latest version with its freshness per requirement and the controls it is fresh evidence for. */
export function artifactView(
  latest: ArtifactVersion,
  library: ControlLibrary,
  now: Date,
  context?: ScoringContext,
): ApiSchema<'Artifact'> {
  const freshness = freshnessView(library, latest, now, context);
  const controls = [
    ...new Set(freshness.filter((e) => e.counts !== 'against' && !e.stale).map((e) => e.controlId)),
  ];
  return {
    key: latest.key,
    latest,
    stale: isStaleFor(freshness),
    versions: latest.version,
    controls,
    freshness,
  };
}
