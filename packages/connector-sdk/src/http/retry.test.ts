import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRetry, defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { ...defaultRetryPolicy, random: () => 0.5 };
const NOW = Date.parse('2026-11-28T10:00:00Z');

describe('decideRetry', () => {
  it('does not retry successes or plain client errors', () => {
    expect(decideRetry(1, { status: 200, headers: {} }, NOW, policy)).toEqual({
      retry: false,
      delayMs: 0,
      reason: 'success',
    });
    expect(decideRetry(1, { status: 404, headers: {} }, NOW, policy).reason).toBe('client_error');
    expect(decideRetry(1, { status: 401, headers: {} }, NOW, policy).retry).toBe(false);
  });

  it('waits as long as Retry-After says on 429, in seconds or as a date', () => {
    const seconds = decideRetry(1, { status: 429, headers: { 'Retry-After': '7' } }, NOW, policy);
    expect(seconds).toMatchObject({ retry: true, reason: 'retry_after' });
    expect(seconds.delayMs).toBeGreaterThanOrEqual(7000);
    expect(seconds.delayMs).toBeLessThan(7000 + policy.baseDelayMs);
    const date = new Date(NOW + 12_000).toUTCString();
    expect(
      decideRetry(1, { status: 429, headers: { 'retry-after': date } }, NOW, policy).delayMs,
    ).toBeGreaterThanOrEqual(12_000);
  });

  it('waits for x-ratelimit-reset when the primary limit is exhausted (403)', () => {
    const reset = String(Math.floor(NOW / 1000) + 30);
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    const decision = decideRetry(1, { status: 403, headers }, NOW, policy);
    expect(decision).toMatchObject({ retry: true, reason: 'rate_limit_reset' });
    expect(decision.delayMs).toBeGreaterThanOrEqual(30_000);
  });

  it('treats a 403 without rate-limit headers as a permission problem', () => {
    const headers = { 'x-ratelimit-remaining': '4000', 'x-ratelimit-reset': '1' };
    expect(decideRetry(1, { status: 403, headers }, NOW, policy)).toMatchObject({
      retry: false,
      reason: 'client_error',
    });
  });

  it('gives up when the server asks for a wait longer than the policy accepts', () => {
    const decision = decideRetry(1, { status: 429, headers: { 'retry-after': '3600' } }, NOW, policy);
    expect(decision).toMatchObject({ retry: false, reason: 'server_delay_too_long' });
  });

  it('retries network errors but not errors marked non-retriable or aborts', () => {
    expect(decideRetry(1, { error: new TypeError('fetch failed') }, NOW, policy)).toMatchObject({
      retry: true,
      reason: 'network_error',
    });
    expect(
      decideRetry(1, { error: Object.assign(new Error('bad'), { retriable: false }) }, NOW, policy).retry,
    ).toBe(false);
    const abort = new Error('stop');
    abort.name = 'AbortError';
    expect(decideRetry(1, { error: abort }, NOW, policy)).toMatchObject({ retry: false, reason: 'aborted' });
  });

  it('never exceeds the attempt bound and keeps backoff within [0, maxDelay]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(500, 502, 503, 504, 408, 429),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempt, status, r) => {
          const p: RetryPolicy = { ...defaultRetryPolicy, random: () => r };
          const decision = decideRetry(attempt, { status, headers: {} }, NOW, p);
          if (attempt >= p.maxAttempts) return !decision.retry && decision.reason === 'attempts_exhausted';
          return decision.retry && decision.delayMs >= 0 && decision.delayMs <= p.maxDelayMs;
        },
      ),
    );
  });

  it('backoff ceilings grow exponentially with the attempt number', () => {
    const max: RetryPolicy = { ...defaultRetryPolicy, random: () => 0.999_999, maxAttempts: 50 };
    const delays = [1, 2, 3, 4].map((a) => decideRetry(a, { status: 502, headers: {} }, NOW, max).delayMs);
    expect(delays).toEqual([499, 999, 1999, 3999]);
  });

  it('a server-requested delay is honoured at least in full', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 4 }), (seconds, attempt) => {
        const decision = decideRetry(
          attempt,
          { status: 429, headers: { 'retry-after': String(seconds) } },
          NOW,
          policy,
        );
        return decision.retry && decision.delayMs >= seconds * 1000;
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds, dates, and rejects garbage', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
