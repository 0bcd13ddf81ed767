import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { RawEvidenceRecord } from '../core-types.js';
import { ConnectorError, toConnectorError } from '../errors.js';
import type { ContentBody, UpsertDraft } from '../record.js';

type ContentRef = NonNullable<RawEvidenceRecord['content']>;
type Source = Readable | AsyncIterable<Uint8Array>;

/** What a store that hashes the bytes as it writes them answers. */
export interface StoredContent {
  blobKey: string;
  sha256: string;
  size: number;
}

/** The content stores of a run (see `RunHarvestOptions`). */
export interface ContentStores {
  /** Stores bytes whose digest is known (content-addressed); returns the blob key. */
  storeContent?: ((body: ContentBody, content: ContentRef) => Promise<string>) | undefined;
  /** Streams bytes whose digest is not known yet into the store, hashing them on the way. */
  storeStreamedContent?: ((source: Source, mediaType: string) => Promise<StoredContent>) | undefined;
}

/** What the record of a draft says about its content. */
export interface ContentOutcome {
  /** The record's content (with `blobKey` once stored); absent when the draft has none or it was withheld. */
  content?: ContentRef;
  /** Why the content was neither stored nor described (it holds a secret of the run). */
  withheld?: string;
}

const toBuffer = (chunk: Uint8Array | string): Buffer =>
  typeof chunk === 'string'
    ? Buffer.from(chunk, 'utf8')
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** SHA-256 (hex) and size of a stream, read chunk by chunk. */
export async function digestOf(source: Source): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    const bytes = toBuffer(chunk);
    hash.update(bytes);
    size += bytes.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A source that remembers whether it failed, to tell a failed read from a failed store. */
class TrackedSource {
  failure: unknown;
  failed = false;

  wrap(source: Source): AsyncIterable<Uint8Array> {
    const self = this;
    return (async function* () {
      try {
        for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield toBuffer(chunk);
      } catch (error) {
        self.failed = true;
        self.failure = error;
        throw error;
      }
    })();
  }

  /** The read's own error (the slice's problem), or the store's (which ends the run). */
  error(cause: unknown, externalId: string): ConnectorError {
    if (this.failed) return toConnectorError(this.failure, 'network_error');
    const message = cause instanceof Error ? cause.message : String(cause);
    return new ConnectorError(
      'content_store_failed',
      `storing the content of ${externalId} failed: ${message}`,
      {
        cause,
        retriable: true,
      },
    );
  }
}

function holdsSecret(body: ContentBody, secrets: readonly string[]): boolean {
  if (!(body instanceof Uint8Array)) return false;
  const bytes = toBuffer(body);
  return secrets.some((secret) => secret.length >= 4 && bytes.includes(secret));
}

/**
 * Stores the content of a draft and says what its record carries. Described content (`content`
 * and `body`) goes to `storeContent`; streamed content goes to `storeStreamedContent` in one pass
 * (its digest is that of what was stored), or else is hashed in a first read and handed to
 * `storeContent` (which reads it again only when it is not stored yet, and checks the digest).
 * Without a store, described content stays described and streamed content is hashed only.
 * Content in memory that holds one of the run's secrets is withheld. A failed read of the source
 * is thrown as the source's error (the slice fails); a failed store is `content_store_failed`.
 */
export async function storeDraftContent(
  draft: UpsertDraft,
  stores: ContentStores,
  secrets: readonly string[],
): Promise<ContentOutcome> {
  const { storeContent, storeStreamedContent } = stores;
  if (draft.streamed !== undefined) {
    const { mediaType, open } = draft.streamed;
    const source = new TrackedSource();
    if (storeStreamedContent !== undefined) {
      let stored: StoredContent;
      try {
        stored = await storeStreamedContent(source.wrap(open()), mediaType);
      } catch (cause) {
        throw source.error(cause, draft.externalId);
      }
      return { content: { sha256: stored.sha256, mediaType, size: stored.size, blobKey: stored.blobKey } };
    }
    let digest: { sha256: string; size: number };
    try {
      digest = await digestOf(source.wrap(open()));
    } catch (cause) {
      throw source.error(cause, draft.externalId);
    }
    const content: ContentRef = { ...digest, mediaType };
    if (storeContent === undefined) return { content };
    try {
      return { content: { ...content, blobKey: await storeContent(() => source.wrap(open()), content) } };
    } catch (cause) {
      throw source.error(cause, draft.externalId);
    }
  }
  const content = draft.content;
  if (content === undefined) return {};
  const body = draft.body;
  if (body === undefined || storeContent === undefined) return { content };
  if (holdsSecret(body, secrets))
    return { withheld: `the content of ${draft.externalId} holds a secret of the connector's configuration` };
  const source = new TrackedSource();
  const given: ContentBody = body instanceof Uint8Array ? body : () => source.wrap(body());
  try {
    return { content: { ...content, blobKey: await storeContent(given, content) } };
  } catch (cause) {
    throw source.error(cause, draft.externalId);
  }
}
