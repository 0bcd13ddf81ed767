import { createHash } from 'node:crypto';
import { type Entry, openPromise, type ZipFile } from 'yauzl';

export interface ZipEntry {
  name: string;
  size: number;
  entry: Entry;
}

export interface EntryDigest {
  sha256: string;
  size: number;
  /** The bytes, when they were asked for (small files only). */
  bytes?: Buffer;
}

/** The ZIP cannot be read (not a ZIP, truncated, an entry that does not inflate...). */
export class ZipReadError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Random access to a ZIP file's entries, one stream at a time. */
export class ZipReader {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: readonly ZipEntry[],
  ) {}

  /** Reads the central directory; ZipReadError when the file is not a readable ZIP. */
  static async open(path: string): Promise<ZipReader> {
    let zip: ZipFile;
    try {
      zip = await openPromise(path, { autoClose: false, strictFileNames: true, validateEntrySizes: true });
    } catch (error) {
      throw new ZipReadError(`not a readable ZIP file: ${reason(error)}`, undefined, { cause: error });
    }
    const entries: ZipEntry[] = [];
    try {
      for await (const entry of zip.eachEntry()) {
        if (!entry.fileName.endsWith('/'))
          entries.push({ name: entry.fileName, size: entry.uncompressedSize, entry });
      }
    } catch (error) {
      zip.close();
      throw new ZipReadError(`the ZIP's central directory is damaged: ${reason(error)}`, undefined, {
        cause: error,
      });
    }
    return new ZipReader(zip, entries);
  }

  /** SHA-256 and size of an entry's bytes, streamed; keeps the bytes when `keep` (up to `limit`). */
  async digest(entry: ZipEntry, keep = false, limit = 256 * 1024 * 1024): Promise<EntryDigest> {
    if (keep && entry.size > limit)
      throw new ZipReadError(`${entry.name} is larger than ${limit} bytes`, entry.name);
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      const stream = await this.zip.openReadStreamPromise(entry.entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (keep) chunks.push(chunk);
      }
    } catch (error) {
      throw new ZipReadError(`cannot read ${entry.name} from the ZIP: ${reason(error)}`, entry.name, {
        cause: error,
      });
    }
    const out: EntryDigest = { sha256: hash.digest('hex'), size };
    if (keep) out.bytes = Buffer.concat(chunks);
    return out;
  }

  close(): void {
    this.zip.close();
  }
}
