/** Bounded exponential backoff with full jitter, honouring vendor rate-limit headers. */
export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest server-requested wait (Retry-After / reset) we accept before giving up. */
  maxServerDelayMs: number;
  /** Random source in [0, 1) for jitter; injectable for tests. */
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxServerDelayMs: 15 * 60_000,
  random: Math.random,
};

/** What happened on one attempt: a response (status + headers) or a thrown error. */
export type AttemptOutcome =
  | { status: number; headers: Headers | Record<string, string | undefined> }
  | { error: unknown };

export type RetryReason =
  | 'success'
  | 'retry_after'
  | 'rate_limit_reset'
  | 'rate_limited'
  | 'server_error'
  | 'network_error'
  | 'timeout'
  | 'client_error'
  | 'attempts_exhausted'
  | 'server_delay_too_long'
  | 'aborted';

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  reason: RetryReason;
}

function header(headers: Headers | Record<string, string | undefined>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

/** Parses `Retry-After` (seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Pure retry decision. `attempt` is the 1-based number of the attempt that just finished;
 * `now` is epoch milliseconds (for `Retry-After` dates and `x-ratelimit-reset`).
 */
export function decideRetry(
  attempt: number,
  outcome: AttemptOutcome,
  now: number,
  policy: RetryPolicy = defaultRetryPolicy,
): RetryDecision {
  if ('error' in outcome) {
    const error = outcome.error;
    if (error instanceof Error && error.name === 'AbortError')
      return { retry: false, delayMs: 0, reason: 'aborted' };
    const retriableFlag = (error as { retriable?: unknown } | null)?.retriable;
    if (retriableFlag === false) return { retry: false, delayMs: 0, reason: 'client_error' };
    const reason: RetryReason = isAbort(error) ? 'timeout' : 'network_error';
    if (attempt >= policy.maxAttempts) return { retry: false, delayMs: 0, reason: 'attempts_exhausted' };
    return { retry: true, delayMs: backoff(attempt, policy), reason };
  }
  const { status, headers } = outcome;
  if (status < 400) return { retry: false, delayMs: 0, reason: 'success' };

  const retryAfter = parseRetryAfter(header(headers, 'retry-after'), now);
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  const exhausted = remaining !== undefined && Number(remaining) === 0 && Number.isFinite(reset);
  const rateLimited = status === 429 || (status === 403 && (retryAfter !== undefined || exhausted));

  let serverDelay: number | undefined;
  let reason: RetryReason;
  if (rateLimited || status === 503) {
    if (retryAfter !== undefined) {
      serverDelay = retryAfter;
      reason = 'retry_after';
    } else if (exhausted) {
      serverDelay = Math.max(0, reset * 1000 - now);
      reason = 'rate_limit_reset';
    } else {
      reason = status === 503 ? 'server_error' : 'rate_limited';
    }
  } else if (status >= 500 || status === 408) {
    reason = 'server_error';
  } else {
    return { retry: false, delayMs: 0, reason: 'client_error' };
  }
  if (attempt >= policy.maxAttempts) return { retry: false, delayMs: 0, reason: 'attempts_exhausted' };
  if (serverDelay !== undefined) {
    if (serverDelay > policy.maxServerDelayMs)
      return { retry: false, delayMs: serverDelay, reason: 'server_delay_too_long' };
    // A little jitter on top of the server's wait spreads out clients that were told the same time.
    return { retry: true, delayMs: serverDelay + Math.floor(policy.random() * policy.baseDelayMs), reason };
  }
  return { retry: true, delayMs: backoff(attempt, policy), reason };
}
