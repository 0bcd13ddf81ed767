import type { Readable } from 'node:stream';
import type { ArtifactKind, RawEvidenceRecord } from './core-types.js';
import type { ConnectorError } from './errors.js';

/**
 * The bytes of a draft's `content`: already in memory, or opened when the runner stores them (a
 * file stream), so large content is not held whole. Never part of the raw record.
 */
export type ContentBody = Uint8Array | (() => Readable | AsyncIterable<Uint8Array>);

/**
 * Content whose SHA-256 and size are only known once it was read (an S3 object streamed from
 * GetObject): the runner reads it, learns its digest from the bytes it stored, and sets the
 * record's `content`. Never part of the raw record.
 */
export interface StreamedContent {
  mediaType: string;
  /**
   * Opens the bytes from their start. The runner opens them once when its store hashes what it
   * writes, twice when the store needs the digest first (and only once if the content is stored
   * already); each opening must give the same bytes (pin a version or an ETag).
   */
  open: () => Readable | AsyncIterable<Uint8Array>;
}

/** Where a draft's object sits in its source, to name it when it cannot be read. Never part of the raw record. */
export interface DraftOrigin {
  /** The object's path in the source (a file relative to its root, a path in a repository). */
  path?: string;
  /** The line (1-based) of the source where a top-level attribute is stated, when known. */
  lineOf?: (attribute: string) => number | undefined;
}

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
  /** The content's description (digest, media type, size); see `jsonContent`, `documentDraft`. */
  content?: RawEvidenceRecord['content'];
  /** The bytes `content` describes; the runner stores them (see RunHarvestOptions.storeContent). */
  body?: ContentBody;
  /** Content described by the bytes themselves, instead of `content` and `body` (see `streamedContent`). */
  streamed?: StreamedContent;
  /** Where the object is, for a report when its attributes break their schema. */
  origin?: DraftOrigin;
}

export interface DeleteDraft {
  externalId: string;
  /** The kind of the object that disappeared, when the connector still knows it. */
  kind?: ArtifactKind;
  sourceRevision?: string;
}

/** The object exists but could not be read (the runner makes these from skipped objects). */
export interface UnreadableDraft {
  externalId: string;
  error: { code: string; message: string };
}

export type RecordDraft =
  | ({ op: 'upsert' } & UpsertDraft)
  | ({ op: 'delete' } & DeleteDraft)
  | ({ op: 'unreadable' } & UnreadableDraft);

/** Where an object that could not be read sits in its source, as far as the connector knows. */
export interface SkippedObject {
  /** The object's external id: its artifact is then marked unreadable (and never tombstoned). */
  externalId?: string;
  /** Its path in the source (a file relative to its root, a path in a repository). */
  path?: string;
  /** Line of the problem in the object, when known (1-based). */
  line?: number;
}

/**
 * What a stream yields: a record; its cursor state after the records yielded so far; or one
 * source object it could not read (recorded as a gap while the slice goes on).
 */
export type StreamItem<Cursor> =
  | { type: 'record'; record: RecordDraft }
  | { type: 'cursor'; cursor: Cursor }
  | { type: 'skipped'; error: ConnectorError; object?: SkippedObject };

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

/**
 * One object could not be read (e.g. a malformed file): the run records it and goes on. With an
 * external id, the object's artifact is marked unreadable so its last good version stops counting
 * as fresh; a line number is taken from `object` or from the error's context (`line`).
 */
export function skipped(error: ConnectorError, object: SkippedObject = {}): StreamItem<never> {
  const line = object.line ?? error.context?.line;
  const where: SkippedObject = { ...object };
  if (typeof line === 'number' && Number.isInteger(line) && line >= 1) where.line = line;
  return { type: 'skipped', error, object: where };
}

export interface RecordEnvelope {
  workspace: string;
  connector: string;
  instance: string;
  collectorVersion: string;
  observedAt: Date;
  runId?: string;
  recordId: string;
  /** The harvest slice and stream that read the object (absent for webhook deliveries). */
  slice?: string;
  stream?: string;
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
  if (env.slice !== undefined) base.slice = env.slice;
  if (env.stream !== undefined) base.stream = env.stream;
  const { op: _op, externalId: _id, ...rest } = draft as RecordDraft & Partial<UpsertDraft>;
  // What the runner reads or reports from, never what the record says.
  delete rest.body;
  delete rest.streamed;
  delete rest.origin;
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (base as unknown as Record<string, unknown>)[key] = value;
  }
  return base;
}
