import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Deterministic pseudo-random bytes (xorshift32), `size` of them in `chunk`-sized pieces. */
export async function* generatedBytes(size: number, seed = 1, chunk = 64 * 1024): AsyncGenerator<Buffer> {
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += chunk) {
    const piece = Buffer.allocUnsafe(Math.min(chunk, size - offset));
    for (let i = 0; i < piece.length; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      for (let b = 0; b < 4 && i + b < piece.length; b += 1) piece[i + b] = (state >>> (8 * b)) & 0xff;
    }
    yield piece;
  }
}

export async function digestOf(
  source: AsyncIterable<Uint8Array> | Readable,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** A source that yields `good` bytes, then fails. */
export async function* failingAfter(good: number, message: string): AsyncGenerator<Buffer> {
  yield* generatedBytes(good, 7);
  throw new Error(message);
}
