export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL, or a path resolved against the client's `baseUrl`. */
  url: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body (serialised by the client). */
  json?: unknown;
  /** Send `If-None-Match` from the ETag cache and serve 304s from it. Default: true for GET. */
  conditional?: boolean;
  /** How to read the body. Default: `json` (empty body gives `undefined`). */
  responseType?: 'json' | 'text' | 'bytes';
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
  url: string;
  /** True when the server answered 304 and the body came from the ETag cache. */
  fromCache: boolean;
}

export interface HttpStats {
  /** Requests sent over the wire (including retries). */
  requests: number;
  /** 304 answers served from the ETag cache. */
  notModified: number;
  retries: number;
  /** Requests that count against a vendor rate limit (every response except 304). */
  counted: number;
}

export interface HttpClientOptions {
  baseUrl?: string;
  headers?: Record<string, string>;
  /** Secret values to redact from errors and logs (tokens, passwords). */
  secrets?: readonly string[];
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(url: string, req?: Omit<HttpRequest, 'url' | 'method'>): Promise<HttpResponse<T>>;
  /** A client with another base URL / headers / secrets sharing cache, stats and retry policy. */
  extend(options: HttpClientOptions): HttpClient;
  stats(): HttpStats;
}
