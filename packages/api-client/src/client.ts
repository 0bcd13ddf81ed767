import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiSchema, EvidenceApi } from '@aims/core';
import createClient, { type Client } from 'openapi-fetch';
import { ApiClientError, errorBodyOf, WaitTimeoutError } from './errors.js';
import { transport } from './transport.js';

/** The Evidence API's paths, as openapi-typescript generated them from the contract. */
export type AimsPaths = EvidenceApi.paths;
type Operations = EvidenceApi.operations;
/** The query parameters of an operation of the contract, e.g. `QueryOf<'listGaps'>`. */
export type QueryOf<O extends keyof Operations> = NonNullable<Operations[O]['parameters']['query']>;

export type HarvestRun = ApiSchema<'HarvestRun'>;
export type ExportRecord = ApiSchema<'Export'>;

export interface AimsClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8080` (without `/v1`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`; it never appears in errors. */
  apiKey?: string | undefined;
  /** Default: the global fetch. */
  fetch?: typeof globalThis.fetch | undefined;
  /** How long a request may wait for the API's answer (its headers). Default 30 s. */
  timeoutMs?: number | undefined;
}

/** How to follow a job (an export, a harvest) until it finishes. */
export interface WaitOptions {
  /** Between two polls. Default 500 ms. */
  pollMs?: number;
  /** Give up (WaitTimeoutError) after this long. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HarvestOptions extends WaitOptions {
  /** `full` ignores the stored cursors (and tombstones what is gone). Default `incremental`. */
  mode?: 'incremental' | 'full';
  /** Called after each poll with the run once it has started. */
  onPoll?: (run: HarvestRun | undefined) => void;
}

export interface ExportDownload {
  /** The ZIP's bytes. */
  body: ReadableStream<Uint8Array>;
  /** From Content-Length, when the server sent it. */
  size?: number;
  /** True when the API redirected to a presigned URL of the blob store (S3). */
  redirected: boolean;
}

export interface AimsClient {
  readonly baseUrl: string;
  /** The typed openapi-fetch client (key and timeout attached), for any operation of the contract. */
  readonly raw: Client<AimsPaths, 'application/json'>;
  health(): Promise<ApiSchema<'Health'>>;
  listArtifacts(query?: QueryOf<'listArtifacts'>): Promise<ApiSchema<'ArtifactPage'>>;
  /** Every artifact matching `query`, page after page. */
  artifacts(query?: Omit<QueryOf<'listArtifacts'>, 'cursor'>): AsyncIterable<ApiSchema<'Artifact'>>;
  getArtifact(key: string): Promise<ApiSchema<'Artifact'>>;
  listControls(query?: QueryOf<'listControls'>): Promise<ApiSchema<'ControlList'>>;
  getControl(controlId: string): Promise<ApiSchema<'ControlDetail'>>;
  listGaps(query?: QueryOf<'listGaps'>): Promise<ApiSchema<'GapReport'>>;
  /** The same gaps as the API's CSV (`Accept: text/csv`). */
  gapsCsv(query?: QueryOf<'listGaps'>): Promise<string>;
  /**
   * Which controls and clauses will not be compliant at `query.at` (default: the next audit of
   * the certification calendar) if no new evidence arrives, and the evidence to renew before then.
   */
  forecast(query?: QueryOf<'getForecast'>): Promise<ApiSchema<'Forecast'>>;
  listConnectors(): Promise<ApiSchema<'ConnectorInstance'>[]>;
  triggerHarvest(instance: string, mode?: 'incremental' | 'full'): Promise<ApiSchema<'HarvestQueued'>>;
  listHarvestRuns(query?: QueryOf<'listHarvestRuns'>): Promise<ApiSchema<'HarvestRunPage'>>;
  getHarvestRun(runId: string): Promise<HarvestRun>;
  /**
   * Starts a harvest of `instance` and follows its runs until the new one finished. The new run
   * is the first run of the instance that was not listed before the trigger.
   */
  harvest(
    instance: string,
    options?: HarvestOptions,
  ): Promise<{ queued: ApiSchema<'HarvestQueued'>; run: HarvestRun }>;
  createExport(request?: ApiSchema<'ExportRequest'>): Promise<ExportRecord>;
  getExport(exportId: string): Promise<ExportRecord>;
  /** Polls the export until it succeeded or failed, and returns it either way. */
  waitForExport(exportId: string, options?: WaitOptions): Promise<ExportRecord>;
  /** The finished bundle; follows the API's redirect to a presigned URL without sending the key. */
  downloadExport(exportId: string): Promise<ExportDownload>;
  /** A new API key of the caller's workspace (scope `admin`); the key is in this answer only. */
  createApiKey(request: ApiSchema<'ApiKeyRequest'>): Promise<ApiSchema<'NewApiKey'>>;
  listApiKeys(): Promise<ApiSchema<'ApiKey'>[]>;
  revokeApiKey(keyId: string): Promise<void>;
  rotateApiKey(keyId: string, request?: ApiSchema<'ApiKeyRotation'>): Promise<ApiSchema<'RotatedApiKey'>>;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; an error answer becomes ApiClientError. */
function unwrap<T>(method: string, path: string, answer: Answer<T>): T {
  if (answer.response.ok) return answer.data as T;
  const body = errorBodyOf(answer.error);
  const text = typeof answer.error === 'string' ? answer.error.trim().slice(0, 200) : '';
  throw new ApiClientError({ method, path }, answer.response.status, body, text ? { message: text } : {});
}

const FINISHED_EXPORT = new Set(['succeeded', 'failed']);

/** A typed client of the AIMS Evidence API (openapi-fetch over the contract's generated types). */
export function createAimsClient(options: AimsClientOptions): AimsClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  const base = options.fetch ?? globalThis.fetch;
  const send = transport(base, baseUrl, options.timeoutMs ?? 30_000);
  const raw = createClient<AimsPaths, 'application/json'>({
    baseUrl,
    fetch: send,
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
  });

  async function waitUntil<T>(
    what: string,
    poll: () => Promise<T | undefined>,
    wait: WaitOptions,
  ): Promise<T> {
    const timeoutMs = wait.timeoutMs ?? 600_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = await poll();
      if (done !== undefined) return done;
      if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs);
      await sleep(wait.pollMs ?? 500, undefined, wait.signal ? { signal: wait.signal } : {});
    }
  }

  const client: AimsClient = {
    baseUrl,
    raw,

    async health() {
      const answer = await raw.GET('/health');
      // 503 still carries the health report (a required dependency is down).
      if (answer.response.status === 503 && answer.error && 'status' in answer.error) return answer.error;
      return unwrap('GET', '/health', answer);
    },

    async listArtifacts(query = {}) {
      return unwrap('GET', '/v1/artifacts', await raw.GET('/v1/artifacts', { params: { query } }));
    },

    async *artifacts(query = {}) {
      let cursor: string | undefined;
      do {
        const page = await client.listArtifacts(cursor === undefined ? query : { ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },

    async getArtifact(key) {
      const answer = await raw.GET('/v1/artifacts/{artifactKey}', { params: { path: { artifactKey: key } } });
      return unwrap('GET', `/v1/artifacts/${encodeURIComponent(key)}`, answer);
    },

    async listControls(query = {}) {
      return unwrap('GET', '/v1/controls', await raw.GET('/v1/controls', { params: { query } }));
    },

    async getControl(controlId) {
      const answer = await raw.GET('/v1/controls/{controlId}', { params: { path: { controlId } } });
      return unwrap('GET', `/v1/controls/${controlId}`, answer);
    },

    async listGaps(query = {}) {
      return unwrap('GET', '/v1/gaps', await raw.GET('/v1/gaps', { params: { query } }));
    },

    async gapsCsv(query = {}) {
      const answer = await raw.GET('/v1/gaps', {
        params: { query },
        headers: { accept: 'text/csv' },
        parseAs: 'text',
      });
      return unwrap('GET', '/v1/gaps', answer);
    },

    async forecast(query = {}) {
      return unwrap('GET', '/v1/forecast', await raw.GET('/v1/forecast', { params: { query } }));
    },

    async listConnectors() {
      return unwrap('GET', '/v1/connectors', await raw.GET('/v1/connectors')).items;
    },

    async triggerHarvest(instance, mode = 'incremental') {
      const answer = await raw.POST('/v1/connectors/{instance}/runs', {
        params: { path: { instance } },
        body: { mode },
      });
      return unwrap('POST', `/v1/connectors/${instance}/runs`, answer);
    },

    async listHarvestRuns(query = {}) {
      return unwrap('GET', '/v1/harvest-runs', await raw.GET('/v1/harvest-runs', { params: { query } }));
    },

    async getHarvestRun(runId) {
      const answer = await raw.GET('/v1/harvest-runs/{runId}', { params: { path: { runId } } });
      return unwrap('GET', `/v1/harvest-runs/${runId}`, answer);
    },

    async harvest(instance, wait = {}) {
      const before = await client.listHarvestRuns({ instance, limit: 50 });
      const known = new Set(before.items.map((run) => run.runId));
      const queued = await client.triggerHarvest(instance, wait.mode ?? 'incremental');
      const run = await waitUntil(
        `the harvest of ${instance}`,
        async () => {
          const { items } = await client.listHarvestRuns({ instance, limit: 50 });
          // Newest first: the oldest run not seen before the trigger is the one it started.
          const mine = items.filter((candidate) => !known.has(candidate.runId)).at(-1);
          wait.onPoll?.(mine);
          return mine && mine.status !== 'started' ? mine : undefined;
        },
        wait,
      );
      return { queued, run };
    },

    async createExport(request = {}) {
      return unwrap('POST', '/v1/exports', await raw.POST('/v1/exports', { body: request }));
    },

    async getExport(exportId) {
      const answer = await raw.GET('/v1/exports/{exportId}', { params: { path: { exportId } } });
      return unwrap('GET', `/v1/exports/${exportId}`, answer);
    },

    waitForExport(exportId, wait = {}) {
      return waitUntil(
        `export ${exportId}`,
        async () => {
          const record = await client.getExport(exportId);
          return FINISHED_EXPORT.has(record.status) ? record : undefined;
        },
        wait,
      );
    },

    async downloadExport(exportId) {
      const path = `/v1/exports/${exportId}/download`;
      const answer = await raw.GET('/v1/exports/{exportId}/download', {
        params: { path: { exportId } },
        parseAs: 'stream',
        redirect: 'manual',
      });
      let response = answer.response;
      let redirected = false;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const target = new URL(location, `${baseUrl}/`);
        // A presigned URL carries its own authorisation: the API key goes only to the API itself.
        const headers: Record<string, string> =
          target.origin === origin && options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
        response = await send(new Request(target, { headers }));
        redirected = true;
        if (!response.ok) {
          const text = (await response.text()).trim().slice(0, 200);
          throw new ApiClientError(
            { method: 'GET', path: `${path} (redirected)` },
            response.status,
            undefined,
            {
              message: text || 'the presigned download failed',
            },
          );
        }
      } else {
        unwrap('GET', path, answer);
      }
      if (!response.body) throw new ApiClientError({ method: 'GET', path }, response.status, undefined);
      const length = Number(response.headers.get('content-length'));
      return {
        body: response.body,
        redirected,
        ...(Number.isFinite(length) && length > 0 ? { size: length } : {}),
      };
    },

    async createApiKey(request) {
      return unwrap('POST', '/v1/admin/keys', await raw.POST('/v1/admin/keys', { body: request }));
    },

    async listApiKeys() {
      return unwrap('GET', '/v1/admin/keys', await raw.GET('/v1/admin/keys')).items;
    },

    async revokeApiKey(keyId) {
      const path = `/v1/admin/keys/${keyId}`;
      unwrap('DELETE', path, await raw.DELETE('/v1/admin/keys/{keyId}', { params: { path: { keyId } } }));
    },

    async rotateApiKey(keyId, request = {}) {
      const path = `/v1/admin/keys/${keyId}/rotate`;
      return unwrap(
        'POST',
        path,
        await raw.POST('/v1/admin/keys/{keyId}/rotate', { params: { path: { keyId } }, body: request }),
      );
    },
  };
  return client;
}
