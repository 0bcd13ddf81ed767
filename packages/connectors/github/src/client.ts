import { ConnectorError, type EtagCache, type Metrics, redactSecrets } from '@aims/connector-sdk';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';

const GithubOctokit = Octokit.plugin(throttling, retry);
/** The REST client (with the throttling and retry plugins installed). */
export type GithubOctokit = Octokit;

export interface GithubClientOptions {
  token: string;
  baseUrl: string;
  instance: string;
  etagCache: EtagCache;
  metrics: Metrics;
  logger: Logger;
  /** Retries of throttled requests before giving up (each waits what GitHub asks). Default 3. */
  maxRateLimitRetries?: number;
  /** Longest wait for a rate-limit reset we accept, in seconds. Default 900. */
  maxRateLimitWaitSeconds?: number;
  /** Multiplier of the retry waits in ms (tests shorten it). Default 1000. */
  retryAfterBaseMs?: number;
}

export interface GithubClient {
  octokit: GithubOctokit;
  instance: string;
  token: string;
  /** Per-run memo so streams of one slice share responses (e.g. the git tree). */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
}

interface HookOptions {
  method: string;
  url: string;
  baseUrl?: string;
  headers: Record<string, string | number | undefined>;
  [key: string]: unknown;
}

/** Sends `If-None-Match` for GETs from the ETag cache and answers 304s from it. */
function conditionalRequests(
  octokit: GithubOctokit,
  cache: EtagCache,
  namespace: string,
  metrics: Metrics,
): void {
  octokit.hook.wrap('request', async (request, options) => {
    const opts = options as unknown as HookOptions;
    if (opts.method !== 'GET') return request(options);
    const endpoint = octokit.request.endpoint(options as never);
    const key = `${namespace} GET ${endpoint.url}`;
    const cached = await cache.get(key);
    if (cached) opts.headers = { ...opts.headers, 'if-none-match': cached.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (etag) {
        const headers: Record<string, string> = {};
        if (response.headers.link) headers.link = response.headers.link;
        // A copy: pagination normalises `response.data` in place after this hook returns.
        await cache.set(key, {
          etag,
          body: structuredClone(response.data),
          headers,
          status: response.status,
        });
      }
      return response;
    } catch (error) {
      if (cached && (error as { status?: number }).status === 304) {
        metrics.increment('github.served_from_cache');
        const data = structuredClone(cached.body);
        return {
          status: 200,
          url: endpoint.url,
          headers: { ...cached.headers, etag: cached.etag },
          data,
        } as never;
      }
      throw error;
    }
  });
}

/** Counts every request on the wire, and those GitHub does not charge (304 Not Modified). */
function countingFetch(metrics: Metrics): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    metrics.increment('github.requests');
    if (response.status === 304) metrics.increment('github.not_modified');
    else metrics.increment('github.rate_limited_calls');
    return response;
  };
}

export function createGithubClient(options: GithubClientOptions): GithubClient {
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 900;
  const base = options.retryAfterBaseMs ?? 1000;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
      options.metrics.increment(`github.${kind}`);
      const retrying = retryCount < maxRetries && retryAfter <= maxWait;
      options.logger.warn(
        { method: request.method, url: request.url, retryAfter, retryCount, retrying },
        `GitHub ${kind}`,
      );
      return retrying;
    };
  const octokit: GithubOctokit = new GithubOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'aims-evidence-mesh-connector-github',
    request: { fetch: countingFetch(options.metrics) },
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => options.logger.warn(redactSecrets(message, [options.token])),
      error: (message: string) => options.logger.error(redactSecrets(message, [options.token])),
    },
    throttle: {
      onRateLimit: onLimit('rate_limit'),
      onSecondaryRateLimit: onLimit('secondary_rate_limit'),
      retryAfterBaseValue: base,
    },
    retry: { retries: 3, retryAfterBaseValue: base },
  });
  conditionalRequests(octokit, options.etagCache, options.instance, options.metrics);
  const memo = new Map<string, Promise<unknown>>();
  return {
    octokit,
    instance: options.instance,
    token: options.token,
    memo<T>(key: string, load: () => Promise<T>): Promise<T> {
      let value = memo.get(key) as Promise<T> | undefined;
      if (!value) {
        value = load();
        memo.set(key, value);
        value.catch(() => memo.delete(key));
      }
      return value;
    },
  };
}

/** Turns an Octokit error into a ConnectorError that names the instance and never the token. */
export function githubError(
  error: unknown,
  client: Pick<GithubClient, 'instance' | 'token'>,
  what: string,
): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const status = (error as { status?: number }).status;
  const raw = error instanceof Error ? error.message : String(error);
  const detail = redactSecrets(raw, [client.token]);
  const where = `GitHub instance ${client.instance}: ${what}`;
  if (status === 401) {
    return new ConnectorError(
      'auth_failed',
      `${where} was refused: the token is invalid, expired or revoked (401 ${detail})`,
      {
        cause: error,
      },
    );
  }
  if (status === 403 && /rate limit/i.test(raw)) {
    return new ConnectorError('rate_limited', `${where} is rate limited (${detail})`, {
      cause: error,
      retriable: true,
    });
  }
  if (status === 403)
    return new ConnectorError('permission_denied', `${where} is not permitted for this token (${detail})`, {
      cause: error,
    });
  if (status === 404)
    return new ConnectorError('not_found', `${where} was not found (${detail})`, { cause: error });
  if (status === 429)
    return new ConnectorError('rate_limited', `${where} is rate limited (${detail})`, {
      cause: error,
      retriable: true,
    });
  if (status !== undefined && status >= 500) {
    return new ConnectorError('upstream_unavailable', `${where} failed with ${status} (${detail})`, {
      cause: error,
      retriable: true,
    });
  }
  return new ConnectorError('http_error', `${where} failed${status ? ` with ${status}` : ''} (${detail})`, {
    cause: error,
    retriable: status === undefined,
  });
}

/** Runs a GitHub call, mapping its errors; 404 gives `undefined` when `optional`. */
export async function call<T>(client: GithubClient, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw githubError(error, client, what);
  }
}

export async function optional<T>(
  client: GithubClient,
  what: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw githubError(error, client, what);
  }
}
