import type { KnownArtifact } from './harvest-types.js';

/** What a full run read completely, for deciding which known artifacts are gone. */
export interface ReadCoverage {
  /** Per slice id, the complete-listing streams that finished without error. */
  completed: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every slice the source listed this run; undefined when the run was limited to some slices. */
  listedSlices: ReadonlySet<string> | undefined;
  /** Complete-listing streams that this run ran. */
  streams: ReadonlySet<string>;
  /** External ids the run yielded or could not read (both mean the object exists). */
  seen: ReadonlySet<string>;
}

/**
 * The known artifacts a full run shows to be gone: read by a complete-listing stream of a slice
 * that this run read completely (or of a slice the source no longer lists), and not seen.
 * Artifacts without a recorded slice and stream (webhook deliveries) are never reconciled, and a
 * slice that failed or was cut short keeps everything: evidence is never deleted because it
 * could not be read.
 */
export function goneArtifacts(known: readonly KnownArtifact[], coverage: ReadCoverage): KnownArtifact[] {
  const gone: KnownArtifact[] = [];
  for (const artifact of known) {
    const { slice, stream } = artifact;
    if (slice === undefined || stream === undefined || coverage.seen.has(artifact.externalId)) continue;
    if (!coverage.streams.has(stream)) continue;
    const readWhole = coverage.completed.get(slice)?.has(stream) === true;
    const sliceGone = coverage.listedSlices !== undefined && !coverage.listedSlices.has(slice);
    if (readWhole || sliceGone) gone.push(artifact);
  }
  return gone;
}
