import { Readable } from 'node:stream';
import { type BlobStore, contentKey } from '@aims/blobs';
import type { ContentBody } from '@aims/connector-sdk';
import { AimsError, type ContentRef } from '@aims/core';

/** The stored bytes are not the ones the connector described. */
export class ContentDigestMismatchError extends AimsError {
  constructor(expected: string, actual: string) {
    super('content_digest_mismatch', `content read as sha256 ${actual}, but the record says ${expected}`);
  }
}

/**
 * Stores evidence content in the blob store under its SHA-256 (`sha256/<hex>`): content already
 * there is not read again, and everything else is streamed in and checked against its digest.
 */
export function blobContentStore(blobs: BlobStore) {
  return async (body: ContentBody, content: ContentRef): Promise<string> => {
    const key = contentKey(content.sha256);
    if (await blobs.head(key)) return key;
    const source =
      body instanceof Uint8Array
        ? Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)])
        : body();
    const stored = await blobs.putStream(source, { contentType: content.mediaType });
    if (stored.sha256 !== content.sha256) {
      await blobs.delete(stored.key);
      throw new ContentDigestMismatchError(content.sha256, stored.sha256);
    }
    return stored.key;
  };
}

/**
 * Stores content the connector only has as a stream (an S3 object) in one pass: streamed in
 * under its SHA-256 (`putStream` hashes on the way; the same bytes land on the same key).
 */
export function blobStreamedContentStore(blobs: BlobStore) {
  return async (
    source: Readable | AsyncIterable<Uint8Array>,
    mediaType: string,
  ): Promise<{ blobKey: string; sha256: string; size: number }> => {
    const stored = await blobs.putStream(source, { contentType: mediaType });
    return { blobKey: stored.key, sha256: stored.sha256, size: stored.size };
  };
}
