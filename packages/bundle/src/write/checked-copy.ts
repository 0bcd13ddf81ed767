import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { BundleContentMismatchError } from '../errors.js';

export interface Expected {
  key: string;
  version: number;
  path: string;
  sha256: string;
  size: number;
}

/**
 * Passes content through while hashing it, and fails the stream (so the export) when the bytes
 * are not the ones the version records: too many as soon as they overflow, a wrong digest at the end.
 */
export class CheckedCopy extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private readonly expected: Expected;

  constructor(expected: Expected) {
    super({ highWaterMark: 256 * 1024 });
    this.expected = expected;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expected.size) {
      done(this.mismatch(`it is longer than the recorded ${this.expected.size} bytes`));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes !== this.expected.size) {
      done(this.mismatch(`it has ${this.bytes} bytes, the record says ${this.expected.size}`));
      return;
    }
    const actual = this.hash.digest('hex');
    done(
      actual === this.expected.sha256
        ? null
        : this.mismatch(`its SHA-256 is ${actual}, the record says ${this.expected.sha256}`),
    );
  }

  private mismatch(problem: string): BundleContentMismatchError {
    const { key, version, path } = this.expected;
    return new BundleContentMismatchError(key, version, path, problem);
  }
}
