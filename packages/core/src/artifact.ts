import { ValidationError } from './errors.js';
import type { ArtifactVersion, RawEvidenceRecord } from './generated/events.js';
import { type ContentHashFields, contentHashOf } from './hash.js';
import { artifactKey } from './key.js';

export interface ToArtifactVersionOptions {
  /** The version number this record becomes (previous version + 1, or 1). */
  version: number;
  /** From the control library's freshness window for the kind; omit when no requirement selects it. */
  expiresAt?: string | undefined;
  /** The latest stored version, if any. A delete copies its kind and descriptive fields. */
  previous?: ArtifactVersion | undefined;
}

type Descriptive = Pick<ArtifactVersion, 'title' | 'url' | 'owner' | 'attributes' | 'aiSystems'>;

function descriptiveOf(source: Partial<Descriptive>): Descriptive {
  const out: Descriptive = { attributes: source.attributes ?? {}, aiSystems: source.aiSystems ?? [] };
  if (source.title !== undefined) out.title = source.title;
  if (source.url !== undefined) out.url = source.url;
  if (source.owner !== undefined) out.owner = source.owner;
  return out;
}

/**
 * Maps a (validated) raw record to the artifact version it would create. An upsert takes its fields
 * from the record; a delete becomes a tombstone that keeps the previous version's kind, title, url,
 * owner, attributes and AI systems (so the catalogue still shows what disappeared) and drops content.
 * The result's contentHash lets the caller skip records whose content did not change.
 */
export function toArtifactVersion(
  record: RawEvidenceRecord,
  options: ToArtifactVersionOptions,
): ArtifactVersion {
  const { version, expiresAt, previous } = options;
  if (!Number.isInteger(version) || version < 1) {
    throw new ValidationError(`invalid artifact version number ${version}: must be an integer >= 1`, [
      { path: '/version', message: 'must be an integer >= 1' },
    ]);
  }
  const tombstone = record.op === 'delete';
  const kind = record.kind ?? previous?.kind;
  if (kind === undefined) {
    throw new ValidationError(
      `record ${record.recordId} (${record.externalId}) has no kind and no previous version to take it from`,
      [{ path: '/kind', message: 'is required when there is no previous version' }],
    );
  }
  const collectedAt = record.observedAt;
  const effectiveAt = record.effectiveAt ?? collectedAt;
  const descriptive = tombstone && previous ? descriptiveOf(previous) : descriptiveOf(record);
  const sourceRevision = record.sourceRevision ?? (tombstone ? previous?.sourceRevision : undefined);

  // effectiveAt joins the hash only when the source stated it: the default (collectedAt) changes on
  // every harvest and would make unchanged evidence look new.
  const hashed: ContentHashFields = { kind, tombstone, ...descriptive };
  if (record.effectiveAt !== undefined) hashed.effectiveAt = record.effectiveAt;
  if (sourceRevision !== undefined) hashed.sourceRevision = sourceRevision;
  if (!tombstone && record.content !== undefined) hashed.content = record.content;

  const result: ArtifactVersion = {
    workspace: record.workspace,
    sourceInstance: record.source.instance,
    connector: record.source.connector,
    externalId: record.externalId,
    key: artifactKey({
      workspace: record.workspace,
      instance: record.source.instance,
      externalId: record.externalId,
    }),
    version,
    collector: { ...record.collector },
    collectedAt,
    effectiveAt,
    kind,
    tombstone,
    ...descriptive,
    contentHash: contentHashOf(hashed),
  };
  if (hashed.sourceRevision !== undefined) result.sourceRevision = hashed.sourceRevision;
  if (hashed.content !== undefined) result.content = hashed.content;
  if (expiresAt !== undefined) result.expiresAt = expiresAt;
  return result;
}
