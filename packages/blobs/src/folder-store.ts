import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { BlobStoreUnavailableError, InvalidBlobKeyError } from './errors.js';
import {
  checkKey,
  checkPrefix,
  contentKey,
  decodeListCursor,
  encodeListCursor,
  sha256,
  toBuffer,
} from './keys.js';
import type { Blob, BlobInfo, BlobStore, ListEntry, ListPage, PutOptions, PutResult } from './port.js';

export interface FolderBlobStoreOptions {
  /** Folder holding the blobs; created when missing. */
  root: string;
}

interface Sidecar {
  sha256: string;
  contentType?: string;
  metadata: Record<string, string>;
}

/** Folder (kept beside the blobs) for metadata sidecars; never a valid key segment of a listing. */
const META_DIR = '.aims-meta';
const TMP_DIR = '.aims-tmp';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** BlobStore in a local folder: one file per key, writes are atomic (temp file, then rename). */
export class FolderBlobStore implements BlobStore {
  private readonly root: string;

  constructor(options: FolderBlobStoreOptions) {
    this.root = options.root;
  }

  async put(body: Buffer | Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const bytes = toBuffer(body);
    const digest = sha256(bytes);
    const key = checkKey(options.key ?? contentKey(digest));
    const top = key.split('/')[0];
    if (top === META_DIR || top === TMP_DIR)
      throw new InvalidBlobKeyError(key, `"${top}/" is reserved by the folder store`);
    const sidecar: Sidecar = { sha256: digest, metadata: { ...(options.metadata ?? {}) } };
    if (options.contentType !== undefined) sidecar.contentType = options.contentType;
    try {
      await this.atomicWrite(this.metaPath(key), Buffer.from(JSON.stringify(sidecar)));
      await this.atomicWrite(this.path(key), bytes);
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, error);
    }
    return { key, sha256: digest, size: bytes.length };
  }

  async get(key: string): Promise<Blob | undefined> {
    const info = await this.head(key);
    if (!info) return undefined;
    try {
      return { ...info, body: await readFile(this.path(key)) };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new BlobStoreUnavailableError('get', key, error);
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    checkKey(key);
    try {
      const stats = await stat(this.path(key));
      if (!stats.isFile()) return undefined;
      const info: BlobInfo = { key, size: stats.size, metadata: {}, lastModified: stats.mtime.toISOString() };
      const sidecar = await readFile(this.metaPath(key), 'utf8').then(
        (text) => JSON.parse(text) as Sidecar,
        () => undefined,
      );
      if (sidecar) {
        info.sha256 = sidecar.sha256;
        info.metadata = sidecar.metadata;
        if (sidecar.contentType !== undefined) info.contentType = sidecar.contentType;
      }
      return info;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new BlobStoreUnavailableError('head', key, error);
    }
  }

  async list(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const limit = Math.min(Math.max(options.limit ?? 1_000, 1), 1_000);
    const after = options.cursor === undefined ? undefined : decodeListCursor(options.cursor);
    const slash = prefix.lastIndexOf('/');
    const start = slash > 0 ? prefix.slice(0, slash) : '';
    const all = (await this.walk(start)).filter(
      (e) => e.key.startsWith(prefix) && (after === undefined || e.key > after),
    );
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const items = all.slice(0, limit);
    const last = items[items.length - 1];
    return all.length > limit && last ? { items, nextCursor: encodeListCursor(last.key) } : { items };
  }

  async *listAll(prefix: string): AsyncIterable<ListEntry> {
    let cursor: string | undefined;
    do {
      const page = await this.list(prefix, cursor === undefined ? {} : { cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await rm(this.path(key), { force: true });
      await rm(this.metaPath(key), { force: true });
    } catch (error) {
      throw new BlobStoreUnavailableError('delete', key, error);
    }
  }

  private path(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private metaPath(key: string): string {
    return `${join(this.root, META_DIR, ...key.split('/'))}.json`;
  }

  private async atomicWrite(path: string, bytes: Buffer): Promise<void> {
    const tmp = join(this.root, TMP_DIR, randomUUID());
    await mkdir(dirname(tmp), { recursive: true });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  }

  private async walk(dir: string): Promise<ListEntry[]> {
    const absolute = join(this.root, dir);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw new BlobStoreUnavailableError('list', dir, error);
    }
    const found: ListEntry[] = [];
    for (const entry of entries) {
      if (dir === '' && (entry.name === META_DIR || entry.name === TMP_DIR)) continue;
      const child = join(absolute, entry.name);
      if (entry.isDirectory()) {
        found.push(...(await this.walk(relative(this.root, child))));
      } else if (entry.isFile()) {
        const stats = await stat(child);
        found.push({
          key: relative(this.root, child).split(sep).join('/'),
          size: stats.size,
          lastModified: stats.mtime.toISOString(),
        });
      }
    }
    return found;
  }
}
