import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { BlobSource } from './port.js';

/** Passes bytes through unchanged, counting them and computing their SHA-256 on the way. */
export class DigestStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private hex: string | undefined;
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    done();
  }

  /** The SHA-256 (hex) of everything that passed; only once the stream has flushed. */
  get sha256(): string {
    if (this.hex === undefined) throw new Error('DigestStream: the digest is read before the stream ended');
    return this.hex;
  }
}

export function toReadable(body: BlobSource): Readable {
  return body instanceof Readable ? body : Readable.from(body, { objectMode: false });
}
