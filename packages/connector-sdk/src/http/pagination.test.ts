import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from './client.js';
import {
  paginateByLink,
  paginateByOffset,
  paginateByPage,
  paginateByToken,
  parseLinkHeader,
} from './pagination.js';

async function all<T>(gen: AsyncGenerator<{ items: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of gen) out.push(...page.items);
  return out;
}

describe('parseLinkHeader', () => {
  it('reads GitHub-style Link headers', () => {
    const header =
      '<https://api.github.com/repos/a/b/pulls?page=2>; rel="next", <https://api.github.com/repos/a/b/pulls?page=5>; rel="last"';
    expect(parseLinkHeader(header)).toEqual({
      next: 'https://api.github.com/repos/a/b/pulls?page=2',
      last: 'https://api.github.com/repos/a/b/pulls?page=5',
    });
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('garbage')).toEqual({});
  });
});

describe('page, offset and token pagination', () => {
  const source = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('returns every item exactly once whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 15 }), async (n, size) => {
        const data = source(n);
        const byPage = await all(
          paginateByPage(async (p, s) => ({ items: data.slice((p - 1) * s, p * s) }), { pageSize: size }),
        );
        const byOffset = await all(
          paginateByOffset(async (o, l) => ({ items: data.slice(o, o + l), total: n }), { limit: size }),
        );
        const byToken = await all(
          paginateByToken(async (t) => {
            const start = Number(t ?? 0);
            const end = start + size;
            return { items: data.slice(start, end), nextToken: end < n ? String(end) : undefined };
          }),
        );
        expect(byPage).toEqual(data);
        expect(byOffset).toEqual(data);
        expect(byToken).toEqual(data);
      }),
    );
  });
});

describe('paginateByLink', () => {
  it('follows rel="next" until the last page', async () => {
    const pages: Record<string, { body: number[]; next?: string }> = {
      'https://api.test/items?per_page=2': { body: [1, 2], next: 'https://api.test/items?per_page=2&page=2' },
      'https://api.test/items?per_page=2&page=2': {
        body: [3, 4],
        next: 'https://api.test/items?per_page=2&page=3',
      },
      'https://api.test/items?per_page=2&page=3': { body: [5] },
    };
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      const url = String(input);
      seen.push(url);
      const page = pages[url];
      if (!page) return new Response('missing', { status: 404 });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page.next) headers.link = `<${page.next}>; rel="next"`;
      return new Response(JSON.stringify(page.body), { status: 200, headers });
    };
    const http = createHttpClient({ fetch: fakeFetch, baseUrl: 'https://api.test' });
    expect(await all(paginateByLink<number>(http, { url: '/items', query: { per_page: 2 } }))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(seen).toHaveLength(3);
  });
});
