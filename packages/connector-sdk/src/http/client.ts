import type { Logger } from 'pino';
import { codeForStatus, HttpError } from '../errors.js';
import { redactError, redactSecrets } from '../logger.js';
import { type EtagCache, etagKey, InMemoryEtagCache } from './etag-cache.js';
import { type AttemptOutcome, decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry.js';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, HttpStats } from './types.js';

export interface CreateHttpClientOptions extends HttpClientOptions {
  fetch?: typeof fetch;
  etagCache?: EtagCache;
  /** Scopes ETag cache keys (e.g. the source instance), so instances never share bodies. */
  cacheNamespace?: string;
  retryPolicy?: Partial<RetryPolicy>;
  logger?: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const KEPT_HEADERS = ['link', 'content-type', 'x-total-count'];

interface Shared {
  fetch: typeof fetch;
  cache: EtagCache;
  namespace: string;
  policy: RetryPolicy;
  logger: Logger | undefined;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  timeoutMs: number;
  stats: HttpStats;
  /** Epoch ms before which no request is sent: the quota was exhausted (`x-ratelimit-remaining: 0`). */
  pausedUntil: number;
}

/** After a response that used up the quota, wait for `x-ratelimit-reset` before the next request. */
function notePrimaryLimit(shared: Shared, headers: Headers): void {
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (remaining === null || Number(remaining) > 0 || !Number.isFinite(reset)) return;
  const until = reset * 1000;
  if (until - shared.now() <= shared.policy.maxServerDelayMs)
    shared.pausedUntil = Math.max(shared.pausedUntil, until);
}

function buildUrl(base: string | undefined, path: string, query: HttpRequest['query']): string {
  const url =
    base === undefined || /^https?:\/\//i.test(path)
      ? new URL(path)
      : new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

async function readBody(response: Response, type: HttpRequest['responseType']): Promise<unknown> {
  if (type === 'bytes') return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (type === 'text') return text;
  if (text.trim() === '') return undefined;
  return JSON.parse(text);
}

function keptHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}

class FetchHttpClient implements HttpClient {
  constructor(
    private readonly shared: Shared,
    private readonly options: HttpClientOptions,
  ) {}

  extend(options: HttpClientOptions): HttpClient {
    return new FetchHttpClient(this.shared, {
      baseUrl: options.baseUrl ?? this.options.baseUrl,
      headers: { ...this.options.headers, ...options.headers },
      secrets: [...(this.options.secrets ?? []), ...(options.secrets ?? [])],
    } as HttpClientOptions);
  }

  stats(): HttpStats {
    return { ...this.shared.stats };
  }

  get<T>(url: string, req: Omit<HttpRequest, 'url' | 'method'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...req, url, method: 'GET' });
  }

  async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    const { shared } = this;
    const method = req.method ?? 'GET';
    const url = buildUrl(this.options.baseUrl, req.url, req.query);
    const secrets = this.options.secrets ?? [];
    const safeUrl = redactSecrets(url, secrets);
    const conditional = req.conditional ?? method === 'GET';
    const key = etagKey(shared.namespace, method, url);
    const cached = conditional ? await shared.cache.get(key) : undefined;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.options.headers,
      ...req.headers,
    };
    if (cached !== undefined) headers['if-none-match'] = cached.etag;
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }

    for (let attempt = 1; ; attempt++) {
      const wait = shared.pausedUntil - shared.now();
      if (wait > 0) {
        shared.logger?.warn({ url: safeUrl, waitMs: wait }, 'rate limit exhausted; waiting for the reset');
        await shared.sleep(wait, req.signal);
      }
      let outcome: AttemptOutcome;
      let response: Response | undefined;
      try {
        const timeout = AbortSignal.timeout(shared.timeoutMs);
        const signal = req.signal === undefined ? timeout : AbortSignal.any([req.signal, timeout]);
        shared.stats.requests += 1;
        response = await shared.fetch(url, { method, headers, body: body ?? null, signal });
        if (response.status !== 304) shared.stats.counted += 1;
        outcome = { status: response.status, headers: response.headers };
      } catch (error) {
        outcome = { error };
      }

      if (response !== undefined && response.status === 304 && cached !== undefined) {
        shared.stats.notModified += 1;
        await response.body?.cancel();
        const cachedHeaders = new Headers(cached.headers ?? {});
        return {
          status: cached.status ?? 200,
          headers: cachedHeaders,
          data: cached.body as T,
          url,
          fromCache: true,
        };
      }
      if (response !== undefined) notePrimaryLimit(shared, response.headers);
      if (response !== undefined && response.status < 400) {
        const data = await readBody(response, req.responseType);
        const etag = response.headers.get('etag');
        if (conditional && etag !== null && req.responseType !== 'bytes') {
          await shared.cache.set(key, {
            etag,
            body: data,
            headers: keptHeaders(response.headers),
            status: response.status,
          });
        }
        return { status: response.status, headers: response.headers, data: data as T, url, fromCache: false };
      }

      const decision = decideRetry(attempt, outcome, shared.now(), shared.policy);
      if (decision.retry) {
        shared.stats.retries += 1;
        shared.logger?.warn(
          { url: safeUrl, attempt, reason: decision.reason, delayMs: decision.delayMs },
          'retrying request',
        );
        await response?.body?.cancel();
        await shared.sleep(decision.delayMs, req.signal);
        continue;
      }
      if (response === undefined) {
        const error = (outcome as { error: unknown }).error;
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        const message = error instanceof Error ? error.message : String(error);
        throw redactError(
          new HttpError(
            timedOut ? 'timeout' : 'network_error',
            `${method} ${safeUrl} failed: ${message} (${decision.reason})`,
            {
              url: safeUrl,
              retriable: true,
              cause: error,
            },
          ),
          secrets,
        );
      }
      const text = redactSecrets((await response.text().catch(() => '')).slice(0, 300), secrets);
      const status = response.status;
      const retriable = status === 429 || status >= 500 || decision.reason === 'server_delay_too_long';
      throw new HttpError(
        codeForStatus(status),
        `${method} ${safeUrl} answered ${status} (${decision.reason})${text ? `: ${text}` : ''}`,
        {
          status,
          url: safeUrl,
          retriable,
          context: { reason: decision.reason, attempts: attempt },
        },
      );
    }
  }
}

/** Fetch-based HTTP client: bounded retry with jitter, rate-limit headers, ETag cache, redaction. */
export function createHttpClient(options: CreateHttpClientOptions = {}): HttpClient {
  const shared: Shared = {
    fetch: options.fetch ?? ((...args) => fetch(...args)),
    cache: options.etagCache ?? new InMemoryEtagCache(),
    namespace: options.cacheNamespace ?? 'default',
    policy: { ...defaultRetryPolicy, ...options.retryPolicy },
    logger: options.logger,
    sleep: options.sleep ?? sleep,
    now: options.now ?? Date.now,
    timeoutMs: options.timeoutMs ?? 30_000,
    stats: { requests: 0, notModified: 0, retries: 0, counted: 0 },
    pausedUntil: 0,
  };
  const base: HttpClientOptions = {};
  if (options.baseUrl !== undefined) base.baseUrl = options.baseUrl;
  if (options.headers !== undefined) base.headers = options.headers;
  if (options.secrets !== undefined) base.secrets = options.secrets;
  return new FetchHttpClient(shared, base);
}
