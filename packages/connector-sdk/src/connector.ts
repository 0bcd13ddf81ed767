import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ArtifactKind } from './core-types.js';
import type { EtagCache } from './http/etag-cache.js';
import type { HttpClient } from './http/types.js';
import type { StreamItem } from './record.js';

/** A unit of harvesting that fails or succeeds on its own: a repo, a project, a bucket. */
export interface Slice<P = Record<string, unknown>> {
  /** Stable id, unique within the instance (used in checkpoint keys and gaps), e.g. `repo:acme/models`. */
  id: string;
  title?: string;
  params: P;
}

/** What every connector callback receives. */
export interface ConnectorContext<Config> {
  workspace: string;
  /** Source instance id (slug), e.g. `acme-github`. */
  instance: string;
  config: Config;
  /** Child logger carrying connector, workspace, instance and run ids; secrets redacted. */
  logger: Logger;
  /** The SDK HTTP layer (retry, rate limits, ETag cache, redaction); `http.extend()` for a base URL. */
  http: HttpClient;
  /** ETag cache shared by the run, for connectors that bring their own client (e.g. Octokit). */
  etagCache: EtagCache;
  /** Secret values from the config, redacted from logs and errors. */
  secrets: readonly string[];
  /** Counters reported in the harvest result, e.g. `github.requests`, `github.not_modified`. */
  metrics: Metrics;
  signal: AbortSignal;
  now: () => Date;
  runId?: string;
}

export interface Metrics {
  increment(name: string, by?: number): void;
  snapshot(): Record<string, number>;
}

export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  return {
    increment(name, by = 1) {
      counters.set(name, (counters.get(name) ?? 0) + by);
    },
    snapshot() {
      return Object.fromEntries(counters);
    },
  };
}

/** Context plus the connector's own client, built once per run by `createClient`. */
export interface ClientContext<Config, Client> extends ConnectorContext<Config> {
  client: Client;
}

export interface StreamContext<Config, Client, P> extends ClientContext<Config, Client> {
  slice: Slice<P>;
  stream: string;
}

export interface MissingPermission {
  /** Vendor vocabulary, e.g. `contents:read`, `BROWSE_PROJECTS`, `s3:GetBucketPolicy`. */
  permission: string;
  reason: string;
}

/** Result of `check()`: a cheap proof that credentials work, and what they cannot do. */
export interface CheckResult {
  ok: boolean;
  /** Who the credentials authenticate as, if the source says (never the secret itself). */
  identity?: string;
  granted?: string[];
  missing: MissingPermission[];
  message?: string;
}

export interface AuthSpec<Config> {
  type: 'none' | 'token' | 'basic' | 'aws' | 'oauth' | 'app';
  description: string;
  /** Secret values in a parsed config, so the runner can redact them everywhere. */
  secrets: (config: Config) => Array<string | undefined>;
}

/** One evidence stream: an async generator of records with a small validated cursor. */
export interface StreamDefinition<Config, Client, P, Cursor> {
  name: string;
  /** Artifact kinds the stream can produce (documentation and catalogue wiring). */
  kinds: readonly ArtifactKind[];
  /** Validates the cursor loaded from a checkpoint; an invalid one restarts the stream (logged). */
  cursor: z.ZodType<Cursor>;
  /**
   * On a full read the stream yields every live object of its slice, so an object it no longer
   * yields is gone: a full run that read the slice completely tombstones its artifacts. Leave it
   * unset for streams that read a window (recent pull requests, the last N runs).
   */
  completeListing?: boolean;
  /** Whether the stream runs for a slice; default: every slice. */
  appliesTo?(slice: Slice<P>): boolean;
  /** Yields records and cursor states; `state` is the last committed cursor, if any. */
  read(ctx: StreamContext<Config, Client, P>, state: Cursor | undefined): AsyncIterable<StreamItem<Cursor>>;
}

export interface ConnectorDefinition<Config, Client = HttpClient, P = Record<string, unknown>> {
  /** Connector id, also the collector id in raw records, e.g. `github`. */
  id: string;
  version: string;
  title?: string;
  configSchema: z.ZodType<Config>;
  auth: AuthSpec<Config>;
  /** Builds the connector's client once per run; default: `ctx.http`. */
  createClient?(ctx: ConnectorContext<Config>): Client | Promise<Client>;
  check(ctx: ClientContext<Config, Client>): Promise<CheckResult>;
  slices(ctx: ClientContext<Config, Client>): Promise<Array<Slice<P>>> | AsyncIterable<Slice<P>>;
  streams: ReadonlyArray<StreamDefinition<Config, Client, P, unknown>>;
}

/** Identity function that fixes the generics of a connector descriptor. */
export function defineConnector<Config, Client = HttpClient, P = Record<string, unknown>>(
  definition: ConnectorDefinition<Config, Client, P>,
): ConnectorDefinition<Config, Client, P> {
  return definition;
}

/** Identity function that fixes the generics of a stream (so cursors are typed in `read`). */
export function defineStream<Config, Client, P, Cursor>(
  stream: StreamDefinition<Config, Client, P, Cursor>,
): StreamDefinition<Config, Client, P, Cursor> {
  return stream;
}

/** All artifact kinds a connector can produce. */
export function connectorKinds(connector: {
  streams: ReadonlyArray<{ kinds: readonly ArtifactKind[] }>;
}): ArtifactKind[] {
  return [...new Set(connector.streams.flatMap((s) => s.kinds))];
}
