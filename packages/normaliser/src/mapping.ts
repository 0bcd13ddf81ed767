import type { DeadLetterReason } from '@aims/bus';
import type { ArtifactDeletion, ArtifactOrigin, ArtifactUnreadable, ArtifactWrite } from '@aims/catalogue';
import { type ArtifactVersion, type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { type ControlLibrary, expiresAtFor } from '@aims/scoring';

/** `expiresAt` of a version about to be stored; undefined when nothing expires it. */
export type ExpiryRule = (version: Omit<ArtifactVersion, 'version'>) => string | undefined;

/**
 * The library's rule: when the version stops being fresh for every requirement that selects it
 * (scoring's `expiresAtFor`, the same freshness model the API and the scorer use).
 */
export function libraryExpiry(library: ControlLibrary): ExpiryRule {
  return (version) => expiresAtFor(library, version);
}

export type Mapped = { ok: true; write: ArtifactWrite } | { ok: false; reason: DeadLetterReason };

/**
 * Maps a validated raw record to a catalogue write: an upsert becomes a full version (the
 * catalogue assigns the number), a delete becomes a deletion the catalogue turns into a tombstone.
 */
export function toWrite(record: RawEvidenceRecord, expiry: ExpiryRule): Mapped {
  const key = `${record.workspace}/${record.source.instance}/${record.externalId}`;
  const origin: ArtifactOrigin | undefined =
    record.slice !== undefined && record.stream !== undefined
      ? { slice: record.slice, stream: record.stream }
      : undefined;
  if (record.op === 'delete') {
    const deletion: ArtifactDeletion = {
      op: 'delete',
      key,
      collectedAt: record.observedAt,
      collector: { ...record.collector },
    };
    if (record.sourceRevision !== undefined) deletion.sourceRevision = record.sourceRevision;
    if (origin) deletion.origin = origin;
    return { ok: true, write: deletion };
  }
  if (record.op === 'unreadable') {
    const error = record.error ?? { code: 'unreadable', message: 'the source object could not be read' };
    const report: ArtifactUnreadable = {
      op: 'unreadable',
      key,
      collectedAt: record.observedAt,
      collector: { ...record.collector },
      error: { code: error.code, message: error.message },
    };
    if (origin) report.origin = origin;
    return { ok: true, write: report };
  }
  try {
    const { version: _assignedByCatalogue, ...input } = toArtifactVersion(record, { version: 1 });
    const expiresAt = expiry(input);
    if (expiresAt !== undefined) input.expiresAt = expiresAt;
    return { ok: true, write: origin ? { ...input, origin } : input };
  } catch (error) {
    const code =
      error && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'mapping_failed';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: { stage: 'normaliser.map', error: { code, message } } };
  }
}
