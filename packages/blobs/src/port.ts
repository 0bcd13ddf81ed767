import type { Readable } from 'node:stream';

/**
 * BlobStore port: opaque bytes under string keys. Adapters: S3 (`S3BlobStore`) and a local
 * folder (`FolderBlobStore`). Keys are relative paths: segments separated by `/`, no empty,
 * `.` or `..` segments, no backslashes, at most 1024 bytes.
 */

/** Bytes that arrive over time: a Node stream or any async iterable of chunks. */
export type BlobSource = Readable | AsyncIterable<Uint8Array>;

/** A blob opened for reading: its bytes as a stream, and what the store knows about it. */
export interface BlobReadStream {
  body: Readable;
  info: BlobInfo;
}

export interface PutOptions {
  /** Where to store it. Omitted: content-addressed key `sha256/<hex>` (writing twice is a no-op). */
  key?: string;
  contentType?: string;
  /** Small string metadata (ASCII keys). */
  metadata?: Record<string, string>;
}

export interface BlobInfo {
  key: string;
  size: number;
  /** SHA-256 hex of the bytes, recorded at put time. */
  sha256?: string;
  contentType?: string;
  metadata: Record<string, string>;
  lastModified?: string;
}

export interface Blob extends BlobInfo {
  body: Buffer;
}

export interface PutResult {
  key: string;
  sha256: string;
  size: number;
}

export interface ListEntry {
  key: string;
  size: number;
  lastModified?: string;
}

export interface ListPage {
  items: ListEntry[];
  /** Present when more keys follow. */
  nextCursor?: string;
}

export interface BlobStore {
  put(body: Buffer | Uint8Array | string, options?: PutOptions): Promise<PutResult>;
  /**
   * Streams bytes into the store, hashing them on the way, without holding them in memory.
   * Without `options.key` the blob lands under `sha256/<hex>` of what was read; content already
   * there is kept and the new copy dropped, so the same bytes are stored once. The source is read
   * to its end; when it fails, nothing is left behind and the error is passed on.
   */
  putStream(body: BlobSource, options?: PutOptions): Promise<PutResult>;
  /** undefined when the key does not exist. */
  get(key: string): Promise<Blob | undefined>;
  /** The blob as a stream (never buffered whole); undefined when the key does not exist. */
  openRead(key: string): Promise<BlobReadStream | undefined>;
  /**
   * A URL that serves the blob with a plain GET until it expires (`expiresInSeconds`, 1 to
   * 604800), or undefined when this store cannot hand out URLs (the folder store). It does not
   * check that the key exists.
   */
  presignGet(key: string, expiresInSeconds: number): Promise<string | undefined>;
  head(key: string): Promise<BlobInfo | undefined>;
  /** Keys starting with `prefix`, in lexicographic order. */
  list(prefix: string, options?: { limit?: number; cursor?: string }): Promise<ListPage>;
  /** Every key under `prefix`, page by page. */
  listAll(prefix: string): AsyncIterable<ListEntry>;
  /** Removes the key; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Resolves when the store can be used now (S3: the bucket answers HeadBucket; a folder: it is
   * writable); throws BlobStoreUnavailableError saying why otherwise. For readiness checks.
   */
  ping?(): Promise<void>;
}
