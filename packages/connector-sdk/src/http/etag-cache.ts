/** A cached response for conditional requests. */
export interface EtagEntry {
  etag: string;
  /** The body as received (JSON value or text); binary bodies are base64 text. */
  body: unknown;
  /** Response headers worth keeping (e.g. `link` for pagination). */
  headers?: Record<string, string>;
  status?: number;
}

/** ETag cache port; the pipeline may supply a durable one (Redis, SQL). */
export interface EtagCache {
  get(key: string): Promise<EtagEntry | undefined>;
  set(key: string, entry: EtagEntry): Promise<void>;
}

/** Bounded in-memory LRU ETag cache. */
export class InMemoryEtagCache implements EtagCache {
  private readonly entries = new Map<string, EtagEntry>();
  hits = 0;

  constructor(private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<EtagEntry | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  async set(key: string, entry: EtagEntry): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Cache key for a request: method and full URL, scoped by a caller-chosen namespace. */
export function etagKey(namespace: string, method: string, url: string): string {
  return `${namespace} ${method.toUpperCase()} ${url}`;
}
