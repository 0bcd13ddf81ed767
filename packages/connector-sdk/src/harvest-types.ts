import type { Logger } from 'pino';
import type { CheckpointStore } from './checkpoint.js';
import type { ConnectorDefinition } from './connector.js';
import type { HarvestGap, RawEvidenceRecord } from './core-types.js';
import type { EtagCache } from './http/etag-cache.js';
import type { RetryPolicy } from './http/retry.js';
import type { HttpStats } from './http/types.js';

export type { HarvestGap } from './core-types.js';

export type HarvestStatus = 'succeeded' | 'partial' | 'failed';

export interface HarvestResult {
  runId: string;
  connector: string;
  collectorVersion: string;
  workspace: string;
  instance: string;
  /** `partial`: some slices failed but no more than the failure ratio allows. */
  status: HarvestStatus;
  startedAt: string;
  finishedAt: string;
  slices: { total: number; succeeded: number; failed: number };
  records: { upserts: number; deletes: number };
  /** Cursor saves performed. */
  checkpoints: number;
  gaps: HarvestGap[];
  http: HttpStats;
  /** Connector counters (`ctx.metrics`). */
  metrics: Record<string, number>;
  /** Why the run failed (status `failed`), redacted. */
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
  /** Highest fraction of failed slices that still lets the run succeed (partially). Default 0.2. */
  failureRatio?: number;
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
