import { createHash } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { DEFLATE_LIMIT } from '../bag/layout.js';
import { isCompressible } from '../bag/paths.js';
import type { BundlePlan, PlannedVersion } from '../bag/plan.js';
import { versionRecord } from '../bag/record.js';
import { BundleError, BundleWriteError } from '../errors.js';
import type { ZipWriter } from '../zip/zip-writer.js';
import { CheckedCopy } from './checked-copy.js';

export interface Digest {
  sha256: string;
  size: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Writes one bag file after another into the ZIP, remembering each file's digest. */
export class BagWriter {
  readonly payload = new Map<string, Digest>();
  readonly tags = new Map<string, Digest>();
  constructor(
    readonly zip: ZipWriter,
    private readonly plan: BundlePlan,
    readonly deflate: boolean,
  ) {}

  async text(path: string, bytes: Buffer): Promise<Digest> {
    const digest = { sha256: sha256(bytes), size: bytes.length };
    (path.startsWith('data/') ? this.payload : this.tags).set(path, digest);
    await this.zip.addBuffer(`${this.plan.bag}/${path}`, bytes, this.deflate);
    return digest;
  }

  async content(version: PlannedVersion, source: Readable | undefined): Promise<void> {
    const content = version.content;
    if (content === undefined) {
      await this.text(version.file.path, versionRecord(version));
      return;
    }
    if (source === undefined)
      throw new Error(`no content stream was opened for ${version.key} version ${version.version}`);
    const checked = new CheckedCopy({
      ...content,
      key: version.key,
      version: version.version,
      path: version.file.path,
    });
    // A failure on either side ends up on `checked`, where the copy below sees it.
    pipeline(source, checked, () => undefined);
    const name = `${this.plan.bag}/${version.file.path}`;
    try {
      if (this.deflate && isCompressible(content.mediaType) && content.size <= DEFLATE_LIMIT) {
        // Small text: read whole (CheckedCopy stops it past the recorded size), then deflate.
        const chunks: Buffer[] = [];
        for await (const chunk of checked as AsyncIterable<Buffer>) chunks.push(chunk);
        await this.zip.addBuffer(name, Buffer.concat(chunks), true);
      } else {
        await this.zip.addStream(name, checked, content.size);
      }
    } catch (error) {
      if (error instanceof BundleError) throw error;
      throw new BundleWriteError(
        `could not copy the content of ${version.key} version ${version.version}`,
        error,
      );
    }
    this.payload.set(version.file.path, { sha256: content.sha256, size: content.size });
  }
}
