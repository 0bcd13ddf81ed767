import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { RawEvidenceRecord } from '../core-types.js';
import type { ContentBody } from '../record.js';
import type { StoredContent } from './store-content.js';

type ContentRef = NonNullable<RawEvidenceRecord['content']>;

/** How one streamed write arrived: proof that content came as chunks, never as one buffer. */
export interface StreamedWrite {
  mediaType: string;
  chunks: number;
  largestChunk: number;
  size: number;
}

/**
 * A content-addressed store in memory for connector tests, with the contract of the harvester's
 * blob store: `storeContent` skips content already stored (without reading it) and refuses bytes
 * whose digest is not the one described; `storeStreamedContent` hashes what it reads. Pass both
 * (or one) to `connectorReadTest`, then read the stored bytes back and count the writes.
 */
export class MemoryContentStore {
  private readonly blobs = new Map<string, { bytes: Buffer; mediaType: string }>();
  /** Contents actually written (content not stored before). */
  writes = 0;
  /** Calls of either store function, content already stored included. */
  calls = 0;
  /** Every write that arrived as a stream. */
  readonly streamed: StreamedWrite[] = [];

  /** `RunHarvestOptions.storeContent`. */
  readonly storeContent = async (body: ContentBody, content: ContentRef): Promise<string> => {
    this.calls += 1;
    const key = `sha256/${content.sha256}`;
    if (this.blobs.has(key)) return key;
    const bytes = body instanceof Uint8Array ? Buffer.from(body) : await this.read(body(), content.mediaType);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== content.sha256)
      throw new Error(`content read as sha256 ${digest}, but the record says ${content.sha256}`);
    this.keep(key, bytes, content.mediaType);
    return key;
  };

  /** `RunHarvestOptions.storeStreamedContent`. */
  readonly storeStreamedContent = async (
    source: Readable | AsyncIterable<Uint8Array>,
    mediaType: string,
  ): Promise<StoredContent> => {
    this.calls += 1;
    const bytes = await this.read(source, mediaType);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `sha256/${sha256}`;
    if (!this.blobs.has(key)) this.keep(key, bytes, mediaType);
    return { blobKey: key, sha256, size: bytes.byteLength };
  };

  /** The stored bytes under a blob key. */
  get(blobKey: string): Buffer | undefined {
    return this.blobs.get(blobKey)?.bytes;
  }

  /** The stored bytes under a blob key, parsed as JSON. */
  json(blobKey: string): unknown {
    const bytes = this.get(blobKey);
    if (bytes === undefined) throw new Error(`nothing is stored under ${blobKey}`);
    return JSON.parse(bytes.toString('utf8')) as unknown;
  }

  /** Blob keys in the order they were written. */
  keys(): string[] {
    return [...this.blobs.keys()];
  }

  /** Whether any stored content holds `text` (to prove secrets never reach it). */
  holds(text: string): boolean {
    return [...this.blobs.values()].some((blob) => blob.bytes.includes(text));
  }

  private keep(key: string, bytes: Buffer, mediaType: string): void {
    this.blobs.set(key, { bytes, mediaType });
    this.writes += 1;
  }

  private async read(source: Readable | AsyncIterable<Uint8Array>, mediaType: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let largestChunk = 0;
    for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
      largestChunk = Math.max(largestChunk, bytes.byteLength);
      chunks.push(bytes);
    }
    const bytes = Buffer.concat(chunks);
    this.streamed.push({ mediaType, chunks: chunks.length, largestChunk, size: bytes.byteLength });
    return bytes;
  }
}
