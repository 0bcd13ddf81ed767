import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoint.js';
import type { ConnectorDefinition } from './connector.js';
import type { StoredContent } from './content/store-content.js';
import type { HarvestGap, RawEvidenceRecord, SkippedItem } from './core-types.js';
import type { EtagCache } from './http/etag-cache.js';
import type { RetryPolicy } from './http/retry.js';
import type { HttpStats } from './http/types.js';
import type { ContentBody } from './record.js';

export type { HarvestGap, SkippedItem } from './core-types.js';

/** How a run ended: `aborted` when its signal stopped it (not a failure; the next run resumes). */
export type HarvestStatus = 'succeeded' | 'partial' | 'failed' | 'aborted';

/** A live artifact of the instance as the catalogue knows it, for reconciliation. */
export interface KnownArtifact {
  externalId: string;
  kind?: string | undefined;
  /** Slice and stream that last read it; artifacts without them are never reconciled. */
  slice?: string | undefined;
  stream?: string | undefined;
}

export interface HarvestResult {
  runId: string;
  connector: string;
  collectorVersion: string;
  workspace: string;
  instance: string;
  /**
   * `partial`: some slices failed or some objects could not be read; `failed`: every slice
   * failed (or more than `failureRatio` of them, when set), or the run could not go on; `aborted`:
   * its signal stopped it, cursors committed up to what was emitted.
   */
  status: HarvestStatus;
  startedAt: string;
  finishedAt: string;
  slices: { total: number; succeeded: number; failed: number };
  records: { upserts: number; deletes: number };
  /** Cursor saves performed. */
  checkpoints: number;
  gaps: HarvestGap[];
  /** Objects that could not be read, with where they are and why. */
  skipped: SkippedItem[];
  /** Tombstones of a full run for objects that are gone (included in `records.deletes`). */
  reconciled: number;
  http: HttpStats;
  /** Connector counters (`ctx.metrics`). */
  metrics: Record<string, number>;
  /** Why the run failed or stopped (status `failed` or `aborted`), redacted. */
  error?: { code: string; message: string };
}

export interface RunHarvestOptions<Config, Client, P> {
  // biome-ignore lint/suspicious/noExplicitAny: descriptors of any config/client/slice shape are accepted
  connector: ConnectorDefinition<Config, Client, P> | ConnectorDefinition<any, any, any>;
  /** Unparsed config; validated with the connector's `configSchema`. */
  config: unknown;
  workspace: string;
  instance: string;
  checkpoints: CheckpointStore;
  /** Publishes one record (e.g. to Kafka); cursors are committed only after it resolved. */
  emit: (record: RawEvidenceRecord) => Promise<void>;
  /**
   * Highest fraction of failed slices that still lets the run succeed (partially). Default: the
   * run fails only when every slice failed.
   */
  failureRatio?: number;
  /**
   * A full read: stored cursors were not used, so every stream with `completeListing` yields all
   * of its slice's objects. With `knownArtifacts`, what such a read no longer finds is tombstoned.
   */
  full?: boolean;
  /**
   * The instance's live artifacts (from the catalogue), asked once after a full run to tombstone
   * what it did not see. Only slices whose streams all finished count; a failed slice, a slice cut
   * short or a stream that was not run tombstones nothing.
   */
  knownArtifacts?: () => Promise<readonly KnownArtifact[]>;
  /**
   * Stores a draft's content bytes (content-addressed by SHA-256) and returns the blob key the
   * record then carries as `content.blobKey`. Without it, content is described but not stored. A
   * failure ends the run (`content_store_failed`, retriable), like a failed emit.
   */
  storeContent?: (body: ContentBody, content: NonNullable<RawEvidenceRecord['content']>) => Promise<string>;
  /**
   * Streams content whose digest is not known yet (a draft's `streamed` content, e.g. an S3
   * object) into the blob store in one pass, hashing it on the way (`BlobStore.putStream`), and
   * says where it went and what it was; the record carries that digest and size. Without it such
   * content is read twice: once to hash it, once by `storeContent` (only when not stored yet).
   * A failure ends the run (`content_store_failed`), unless reading the source failed (its slice fails).
   */
  storeStreamedContent?: (
    source: Readable | AsyncIterable<Uint8Array>,
    mediaType: string,
  ) => Promise<StoredContent>;
  /** Commit the first cursor a stream yields once this many records passed since the last commit. Default 100. */
  checkpointEvery?: number;
  /** Emits in flight at once before the runner waits. Default 64. */
  maxInFlight?: number;
  /** Restrict the run to these slice ids (webhook-triggered partial harvests). */
  sliceIds?: readonly string[];
  /** Restrict the run to these stream names. */
  streams?: readonly string[];
  runId?: string;
  logger?: Logger;
  now?: () => Date;
  signal?: AbortSignal;
  etagCache?: EtagCache;
  fetch?: typeof fetch;
  retryPolicy?: Partial<RetryPolicy>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  newRecordId?: () => string;
}
