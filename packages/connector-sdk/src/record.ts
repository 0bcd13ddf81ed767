import type { ArtifactKind, RawEvidenceRecord } from './core-types.js';
import type { ConnectorError } from './errors.js';

/** Fields of a raw record the connector chooses; the runner fills ids, source, collector, times. */
export interface UpsertDraft {
  externalId: string;
  kind: ArtifactKind;
  sourceRevision?: string;
  title?: string;
  url?: string;
  owner?: string;
  effectiveAt?: string;
  aiSystems?: string[];
  attributes?: Record<string, unknown>;
  content?: RawEvidenceRecord['content'];
}

export interface DeleteDraft {
  externalId: string;
  /** The kind of the object that disappeared, when the connector still knows it. */
  kind?: ArtifactKind;
  sourceRevision?: string;
}

export type RecordDraft = ({ op: 'upsert' } & UpsertDraft) | ({ op: 'delete' } & DeleteDraft);

/**
 * What a stream yields: a record; its cursor state after the records yielded so far; or one
 * source object it could not read (recorded as a gap while the slice goes on).
 */
export type StreamItem<Cursor> =
  | { type: 'record'; record: RecordDraft }
  | { type: 'cursor'; cursor: Cursor }
  | { type: 'skipped'; error: ConnectorError };

export function upsert(draft: UpsertDraft): StreamItem<never> {
  return { type: 'record', record: { op: 'upsert', ...draft } };
}

export function tombstone(
  externalId: string,
  extra: Omit<DeleteDraft, 'externalId'> = {},
): StreamItem<never> {
  return { type: 'record', record: { op: 'delete', externalId, ...extra } };
}

/** Marks the stream's cursor; the runner commits it once every record before it was emitted. */
export function cursor<Cursor>(state: Cursor): StreamItem<Cursor> {
  return { type: 'cursor', cursor: state };
}

/** One object could not be read (e.g. a malformed file): a gap is recorded and the slice goes on. */
export function skipped(error: ConnectorError): StreamItem<never> {
  return { type: 'skipped', error };
}

export interface RecordEnvelope {
  workspace: string;
  connector: string;
  instance: string;
  collectorVersion: string;
  observedAt: Date;
  runId?: string;
  recordId: string;
}

/** Completes a draft into the raw evidence record of docs/data-model.md. */
export function toRawRecord(draft: RecordDraft, env: RecordEnvelope): RawEvidenceRecord {
  const base: RawEvidenceRecord = {
    recordId: env.recordId,
    workspace: env.workspace,
    source: { connector: env.connector, instance: env.instance },
    externalId: draft.externalId,
    op: draft.op,
    observedAt: env.observedAt.toISOString(),
    collector: { id: env.connector, version: env.collectorVersion },
  };
  if (env.runId !== undefined) base.runId = env.runId;
  const { op: _op, externalId: _id, ...rest } = draft;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (base as unknown as Record<string, unknown>)[key] = value;
  }
  return base;
}
