import { createHash } from 'node:crypto';
import { InvalidBlobKeyError, InvalidPresignExpiryError } from './errors.js';

/** Checks a key against the port's rules; returns it unchanged. */
export function checkKey(key: string): string {
  if (key.length === 0) throw new InvalidBlobKeyError(key, 'it is empty');
  if (Buffer.byteLength(key, 'utf8') > 1024)
    throw new InvalidBlobKeyError(key, 'it is longer than 1024 bytes');
  if (key.includes('\\')) throw new InvalidBlobKeyError(key, 'it contains a backslash');
  for (const char of key) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) throw new InvalidBlobKeyError(key, 'it contains a control character');
  }
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidBlobKeyError(key, 'segments must not be empty, "." or ".."');
    }
  }
  return key;
}

/** Checks a key to write: valid, and not under a top-level folder the store keeps for itself. */
export function checkWritableKey(key: string, reserved: readonly string[]): string {
  checkKey(key);
  const top = key.split('/')[0] ?? '';
  if (reserved.includes(top)) throw new InvalidBlobKeyError(key, `"${top}/" is reserved by the store`);
  return key;
}

/** Where streamed uploads wait until their digest, and so their key, is known. */
export const TMP_DIR = '.aims-tmp';

/** Checks a list prefix: empty, or a key-like string that may end with "/". */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

export function toBuffer(body: Buffer | Uint8Array | string): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

export function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The content-addressed key of bytes with this digest. */
export function contentKey(digest: string): string {
  return `sha256/${digest}`;
}

export const encodeListCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export const decodeListCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

/** Checks a presigned URL's lifetime against the port's range (S3's: 1 s to 7 days). */
export function checkExpiry(seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604_800)
    throw new InvalidPresignExpiryError(seconds);
  return seconds;
}
