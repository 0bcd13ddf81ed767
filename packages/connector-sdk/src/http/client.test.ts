import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { createHttpClient } from './client.js';
import { InMemoryEtagCache } from './etag-cache.js';

type Handler = (url: string, init: RequestInit) => Response;

function fakeFetch(handlers: Handler[]) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fn: typeof fetch = async (input, init = {}) => {
    const handler = handlers[Math.min(calls.length, handlers.length - 1)];
    calls.push({ url: String(input), headers: (init.headers ?? {}) as Record<string, string> });
    if (!handler) throw new Error('no handler');
    return handler(String(input), init);
  };
  return { fn, calls };
}

const noSleep = async () => {};
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createHttpClient', () => {
  it('serves a 304 from the ETag cache and counts it apart from rate-limited calls', async () => {
    const { fn, calls } = fakeFetch([
      () => json({ name: 'a' }, 200, { etag: '"v1"' }),
      () => new Response(null, { status: 304 }),
    ]);
    const cache = new InMemoryEtagCache();
    const http = createHttpClient({ fetch: fn, etagCache: cache, baseUrl: 'https://api.test' });
    const first = await http.get<{ name: string }>('/thing');
    const second = await http.get<{ name: string }>('/thing');
    expect(first).toMatchObject({ fromCache: false, data: { name: 'a' } });
    expect(second).toMatchObject({ fromCache: true, status: 200, data: { name: 'a' } });
    expect(calls[1]?.headers['if-none-match']).toBe('"v1"');
    expect(http.stats()).toEqual({ requests: 2, notModified: 1, retries: 0, counted: 1 });
  });

  it('retries a 5xx and then succeeds', async () => {
    const { fn, calls } = fakeFetch([() => json({ message: 'boom' }, 502), () => json({ ok: true })]);
    const delays: number[] = [];
    const http = createHttpClient({ fetch: fn, sleep: async (ms) => void delays.push(ms) });
    const res = await http.get<{ ok: boolean }>('https://api.test/x');
    expect(res.data.ok).toBe(true);
    expect(calls).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(http.stats().retries).toBe(1);
  });

  it('honours Retry-After on 429', async () => {
    const { fn } = fakeFetch([() => json({}, 429, { 'retry-after': '3' }), () => json([1])]);
    const delays: number[] = [];
    const http = createHttpClient({ fetch: fn, sleep: async (ms) => void delays.push(ms) });
    await http.get('https://api.test/x');
    expect(delays[0]).toBeGreaterThanOrEqual(3000);
  });

  it('waits for x-ratelimit-reset before the next request once the quota is used up', async () => {
    const now = 1_800_000_000_000;
    const { fn } = fakeFetch([
      () => json([1], 200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 20) }),
      () => json([2], 200, { 'x-ratelimit-remaining': '4999' }),
    ]);
    const delays: number[] = [];
    const http = createHttpClient({ fetch: fn, now: () => now, sleep: async (ms) => void delays.push(ms) });
    await http.get('https://api.test/a');
    expect(delays).toEqual([]);
    await http.get('https://api.test/b');
    expect(delays).toEqual([20_000]);
  });

  it('stops after the attempt bound with a retriable typed error', async () => {
    const { fn, calls } = fakeFetch([() => json({}, 503)]);
    const http = createHttpClient({ fetch: fn, sleep: noSleep, retryPolicy: { maxAttempts: 3 } });
    const error = await http.get('https://api.test/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 503, retriable: true });
    expect(calls).toHaveLength(3);
  });

  it('marks 401 non-retriable and keeps secrets out of the message', async () => {
    const secret = 'sk_live_abcdefghijklmnop';
    const { fn, calls } = fakeFetch([() => json({ message: `token ${secret} expired` }, 401)]);
    const http = createHttpClient({
      fetch: fn,
      sleep: noSleep,
      secrets: [secret],
      headers: { authorization: `Bearer ${secret}` },
    });
    const error = (await http
      .get(`https://api.test/x?api_key=${secret}`)
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ code: 'auth_failed', retriable: false, status: 401 });
    expect(error.message).not.toContain(secret);
    expect(error.url).not.toContain(secret);
    expect(calls).toHaveLength(1);
  });

  it('wraps network failures with a clear code after retrying', async () => {
    const fn: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const http = createHttpClient({ fetch: fn, sleep: noSleep, retryPolicy: { maxAttempts: 2 } });
    await expect(http.get('https://api.test/x')).rejects.toMatchObject({
      code: 'network_error',
      retriable: true,
    });
  });
});
