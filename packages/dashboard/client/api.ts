// Calls to the evidence API from the page. The API key, when the server wants one, is asked for
// once, kept in sessionStorage for this browser session and sent as a header, never in a URL.
import { offers } from './features.js';
import { askForKey, promptOpen } from './key-prompt.js';

const KEY_STORE = 'aims.apiKey';

/** An error answer of the API: `{ error: { code, message, details? } }` and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const storedKey = (): string | undefined => sessionStorage.getItem(KEY_STORE) ?? undefined;

/** The answer to a request not sent because the person gave no key. */
const declined = (): Response =>
  new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no API key was given' } }), {
    status: 401,
    headers: { 'content-type': 'application/json' },
  });

/** fetch with the key; on 401 asks for a key (once for every request waiting) and tries again. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    // Nothing goes out without a key while the person is being asked for one, or when the
    // server is known to want one: failed authentications are counted against this address.
    await promptOpen();
    if (storedKey() === undefined && offers('api-key')) {
      const entered = await askForKey(false);
      if (entered === undefined) return declined();
      sessionStorage.setItem(KEY_STORE, entered);
    }
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const key = storedKey();
    if (key) headers.set('authorization', `Bearer ${key}`);
    const response = await fetch(path, { ...init, headers });
    if (response.status !== 401 || attempt >= 3) return response;
    // Another request may have been given a new key meanwhile: try that one first.
    if (storedKey() !== key) continue;
    const entered = await askForKey(key !== undefined);
    if (entered === undefined) return response;
    sessionStorage.setItem(KEY_STORE, entered);
  }
}

/** The ApiError of a failed response. */
export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  return new ApiError(
    response.status,
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`,
  );
}

/** GET a JSON document, throwing ApiError for an error answer. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await apiFetch(path);
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** GET a JSON document, or undefined when the server does not offer it (404, 501). */
export async function getOptional<T>(path: string): Promise<T | undefined> {
  const response = await apiFetch(path);
  if (response.status === 404 || response.status === 501) return undefined;
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** POST a JSON body. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await apiFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** A query string from the parameters that have a value. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** An artifact key as one path segment. */
export const keySegment = (key: string): string => encodeURIComponent(key);
