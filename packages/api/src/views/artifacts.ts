import type { ApiSchema, ArtifactVersion } from '@aims/core';

/** An artifact's latest version with its staleness, version count and the controls it supports. */
export function artifactView(
  latest: ArtifactVersion,
  controls: ReadonlyMap<string, readonly string[]>,
  now: Date,
): ApiSchema<'Artifact'> {
  return {
    key: latest.key,
    latest,
    stale: isStale(latest, now),
    versions: latest.version,
    controls: [...(controls.get(latest.key) ?? [])],
  };
}

export function isStale(version: ArtifactVersion, now: Date): boolean {
  return version.expiresAt !== undefined && Date.parse(version.expiresAt) <= now.getTime();
}
