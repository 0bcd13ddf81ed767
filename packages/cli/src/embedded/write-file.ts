import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

export interface WrittenFile {
  path: string;
  sha256: string;
  size: number;
}

/** Refuses to replace an existing file unless `force`. */
export function checkReplace(path: string, shownPath: string, force: boolean | undefined): void {
  if (!force && existsSync(path))
    throw new CliError('file_exists', `${shownPath} already exists; pass --force to replace it`, EXIT.input);
}

/**
 * Writes what `produce` streams into its Writable to `path`, through a temporary file renamed at
 * the end (a failure leaves nothing behind), hashing the bytes on the way.
 */
export async function writeHashed<T>(
  path: string,
  shownPath: string,
  produce: (output: Writable) => Promise<T>,
  /** Throws to refuse the bytes (e.g. a hash that is not the one announced): nothing is left behind. */
  accept: (file: WrittenFile) => void = () => undefined,
): Promise<{ file: WrittenFile; result: T }> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let file: ReturnType<typeof createWriteStream>;
  try {
    file = createWriteStream(tmp, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
  } catch (error) {
    throw fileError('write', shownPath, error);
  }
  const stored = pipeline(tap, file);
  try {
    const [result] = await Promise.all([produce(tap), stored]);
    const written = { path, sha256: hash.digest('hex'), size };
    accept(written);
    await rename(tmp, path);
    return { file: written, result };
  } catch (error) {
    tap.destroy();
    // The error to report is the one that stopped the write; the pipeline's own follows from it.
    await stored.catch(() => undefined);
    await rm(tmp, { force: true });
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw fileError('write', shownPath, error);
    throw error;
  }
}
