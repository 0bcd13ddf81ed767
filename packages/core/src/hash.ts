import { hash } from 'node:crypto';
import * as canonicalizeModule from 'canonicalize';
import { AimsError } from './errors.js';
import type { ArtifactVersion } from './generated/events.js';

type Serialize = (input: unknown) => string | undefined;

// canonicalize@2 is CommonJS (`module.exports = fn`) while its typings declare a default export;
// accept either shape so this works under Node ESM, vitest and bundlers alike.
const serialize: Serialize = (() => {
  const mod = canonicalizeModule as unknown as { default?: unknown };
  if (typeof mod.default === 'function') return mod.default as Serialize;
  if (typeof mod === 'function') return mod as Serialize;
  throw new Error('canonicalize module has no callable export');
})();

/** RFC 8785 (JCS) canonical JSON: sorted keys, no whitespace, ES number formatting. */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = serialize(value);
  } catch (error) {
    throw new AimsError('not_canonicalizable', `value cannot be canonicalised: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (text === undefined) {
    throw new AimsError('not_canonicalizable', 'value cannot be canonicalised: it has no JSON form');
  }
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot hash (Node >= 20.12): no Hash object per call, which matters once per stored version.
  return hash('sha256', data, 'hex');
}

/** The artifact fields that define its content; anything else (times, ids, version) is left out. */
export const CONTENT_HASH_FIELDS = [
  'kind',
  'title',
  'url',
  'owner',
  'sourceRevision',
  'effectiveAt',
  'attributes',
  'aiSystems',
  'content',
  'tombstone',
  'unreadable',
] as const;

/** The content fields; undefined counts as absent. */
export type ContentHashFields = {
  [K in (typeof CONTENT_HASH_FIELDS)[number]]?: ArtifactVersion[K] | undefined;
};

/**
 * SHA-256 (hex) of the canonical JSON of the content fields, absent fields left out (and the
 * content's `blobKey`, which says where the bytes are, not what they are). Extra properties are
 * ignored, so `contentHashOf(version) === version.contentHash`.
 */
export function contentHashOf(fields: ContentHashFields): string {
  const picked: Record<string, unknown> = {};
  const source = fields as Record<string, unknown>;
  for (const name of CONTENT_HASH_FIELDS) {
    if (source[name] !== undefined) picked[name] = source[name];
  }
  // Where the bytes are kept is not what they are: the same content, stored (a harvest) or not (a
  // webhook), is one version.
  if (fields.content?.blobKey !== undefined) {
    const { blobKey: _where, ...what } = fields.content;
    picked.content = what;
  }
  return sha256Hex(canonicalJson(picked));
}
