import type { HttpClient, HttpRequest, HttpResponse } from './types.js';

/** Parses an RFC 8288 `Link` header into `{ rel: url }`. */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*((?:;\s*[^;]+)*)$/.exec(part);
    if (!match?.[1]) continue;
    const relMatch = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    if (!relMatch?.[1]) continue;
    for (const rel of relMatch[1].trim().split(/\s+/)) links[rel] = match[1];
  }
  return links;
}

export interface Page<T> {
  items: T[];
  /** Where this page came from (page number, offset, token or URL), for cursors. */
  position: string;
  /** True when the page was served from the ETag cache (304). */
  fromCache: boolean;
}

/** Follows `Link: rel="next"` from a first request until there is no next page. */
export async function* paginateByLink<T>(
  http: HttpClient,
  first: HttpRequest,
  select: (data: unknown) => T[] = (data) => data as T[],
  maxPages = 10_000,
): AsyncGenerator<Page<T>> {
  let request: HttpRequest | undefined = first;
  for (let n = 0; request !== undefined && n < maxPages; n++) {
    const response: HttpResponse<unknown> = await http.request<unknown>(request);
    yield { items: select(response.data), position: response.url, fromCache: response.fromCache };
    const next = parseLinkHeader(response.headers.get('link')).next;
    request = next === undefined ? undefined : { ...first, url: next, query: {} };
  }
}

export interface PagedFetch<T> {
  items: T[];
  /** Total items when the API reports it; otherwise paging stops at a short page. */
  total?: number;
}

/** Page-number pagination (`page=1,2,...`): stops on an empty/short page or when `total` is reached. */
export async function* paginateByPage<T>(
  fetchPage: (page: number, pageSize: number) => Promise<PagedFetch<T>>,
  options: { pageSize: number; firstPage?: number; maxPages?: number },
): AsyncGenerator<Page<T>> {
  const first = options.firstPage ?? 1;
  let seen = 0;
  for (let page = first; page < first + (options.maxPages ?? 10_000); page++) {
    const { items, total } = await fetchPage(page, options.pageSize);
    seen += items.length;
    if (items.length > 0) yield { items, position: String(page), fromCache: false };
    if (items.length < options.pageSize || (total !== undefined && seen >= total)) return;
  }
}

/** Offset pagination (`startAt`/`offset`): stops on a short page or when `total` is reached. */
export async function* paginateByOffset<T>(
  fetchPage: (offset: number, limit: number) => Promise<PagedFetch<T>>,
  options: { limit: number; startOffset?: number; maxPages?: number },
): AsyncGenerator<Page<T>> {
  let offset = options.startOffset ?? 0;
  for (let n = 0; n < (options.maxPages ?? 10_000); n++) {
    const { items, total } = await fetchPage(offset, options.limit);
    if (items.length > 0) yield { items, position: String(offset), fromCache: false };
    offset += items.length;
    if (items.length === 0 || (total !== undefined ? offset >= total : items.length < options.limit)) return;
  }
}

/** Cursor / next-token pagination: stops when the API returns no next token. */
export async function* paginateByToken<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>,
  options: { startToken?: string; maxPages?: number } = {},
): AsyncGenerator<Page<T>> {
  let token = options.startToken;
  for (let n = 0; n < (options.maxPages ?? 10_000); n++) {
    const { items, nextToken } = await fetchPage(token);
    yield { items, position: token ?? '', fromCache: false };
    if (nextToken === undefined || nextToken === '' || nextToken === token) return;
    token = nextToken;
  }
}
