import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { RawEvidenceRecord } from '../core-types.js';
import type { ContentBody, StreamedContent } from '../record.js';
import { canonicalJsonChunks } from './canonical-json.js';
import { scrubValue } from './scrub.js';

/** A content description and its bytes, to spread into an upsert draft. */
export interface DraftContent {
  content: NonNullable<RawEvidenceRecord['content']>;
  body: ContentBody;
}

/** JSON content up to this size is kept in memory; larger content is serialised again when stored. */
export const INLINE_JSON_BYTES = 1024 * 1024;

function* utf8(chunks: Iterable<string>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

/**
 * The content of a draft as JSON: the RFC 8785 canonical JSON of `projection` (so unchanged
 * source objects give the same bytes and digest), media type `application/json` unless given,
 * with its SHA-256 and size computed from those bytes. Choose the projection yourself: the fields
 * an auditor needs, none that change on every read (generation times, counters) and none that
 * hold secrets. Credentials that slip through anyway (users and passwords in URLs, the signature
 * and token parameters of presigned URLs, tokens of well-known shapes) are redacted from every
 * string first. Large values are never one string: the digest is computed piece by piece and the
 * body above {@link INLINE_JSON_BYTES} is serialised again, as a stream, when the runner stores it.
 *
 * ```ts
 * yield upsert({ ...draft, ...jsonContent({ title: pr.title, body: pr.body, reviews }) });
 * ```
 */
export function jsonContent(projection: unknown, options: { mediaType?: string } = {}): DraftContent {
  const value = scrubValue(projection);
  const hash = createHash('sha256');
  let size = 0;
  let kept: Buffer[] | undefined = [];
  for (const bytes of utf8(canonicalJsonChunks(value))) {
    hash.update(bytes);
    size += bytes.byteLength;
    if (kept !== undefined && size <= INLINE_JSON_BYTES) kept.push(bytes);
    else kept = undefined;
  }
  const content = { sha256: hash.digest('hex'), mediaType: options.mediaType ?? 'application/json', size };
  const body: ContentBody =
    kept === undefined ? () => Readable.from(utf8(canonicalJsonChunks(value))) : Buffer.concat(kept);
  return { content, body };
}

/**
 * Bytes already in memory (a small file read from an API) as a draft's content: their SHA-256,
 * size and the given media type. Documents go through `documentDraft`, which does this itself.
 */
export function bytesContent(bytes: Uint8Array, mediaType: string): DraftContent {
  return {
    content: { sha256: createHash('sha256').update(bytes).digest('hex'), mediaType, size: bytes.byteLength },
    body: bytes,
  };
}

/**
 * Content that already exists as a stream (an S3 object's body), to spread into an upsert draft:
 * the runner reads it through `open` and records the SHA-256 and size of the bytes it stored, so
 * the connector never holds it whole nor hashes it itself. `open` must give the same bytes each
 * time it is called (read a pinned version or ETag).
 */
export function streamedContent(
  mediaType: string,
  open: StreamedContent['open'],
): { streamed: StreamedContent } {
  return { streamed: { mediaType, open } };
}
