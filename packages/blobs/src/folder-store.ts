import { randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DigestStream, toReadable } from './digest-stream.js';
import { BlobStoreUnavailableError } from './errors.js';
import {
  checkExpiry,
  checkKey,
  checkPrefix,
  checkWritableKey,
  contentKey,
  decodeListCursor,
  encodeListCursor,
  sha256,
  TMP_DIR,
  toBuffer,
} from './keys.js';
import type {
  Blob,
  BlobInfo,
  BlobReadStream,
  BlobSource,
  BlobStore,
  ListEntry,
  ListPage,
  PutOptions,
  PutResult,
} from './port.js';

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

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
/** A failure of the file system (it has an errno code), as opposed to one of the source stream. */
const isFsError = (error: Error) => typeof (error as NodeJS.ErrnoException).syscall === 'string';

const checkOwnKey = (key: string): string => checkWritableKey(key, [META_DIR, TMP_DIR]);

function sidecarOf(digest: string, options: PutOptions): Sidecar {
  const sidecar: Sidecar = { sha256: digest, metadata: { ...(options.metadata ?? {}) } };
  if (options.contentType !== undefined) sidecar.contentType = options.contentType;
  return sidecar;
}

/** BlobStore in a local folder: one file per key, writes are atomic (temp file, then rename). */
export class FolderBlobStore implements BlobStore {
  private readonly root: string;

  constructor(options: FolderBlobStoreOptions) {
    this.root = options.root;
  }

  /** The folder exists (it is made when missing) and this process may write to it. */
  async ping(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (error) {
      throw new BlobStoreUnavailableError('write check', this.root, error);
    }
  }

  async put(body: Buffer | Uint8Array | string, options: PutOptions = {}): Promise<PutResult> {
    const bytes = toBuffer(body);
    const digest = sha256(bytes);
    const key = checkOwnKey(options.key ?? contentKey(digest));
    const sidecar = sidecarOf(digest, options);
    try {
      await this.atomicWrite(this.metaPath(key), Buffer.from(JSON.stringify(sidecar)));
      await this.atomicWrite(this.path(key), bytes);
    } catch (error) {
      throw new BlobStoreUnavailableError('put', key, error);
    }
    return { key, sha256: digest, size: bytes.length };
  }

  async putStream(body: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    if (options.key !== undefined) checkOwnKey(options.key);
    const tmp = join(this.root, TMP_DIR, randomUUID());
    const digest = new DigestStream();
    try {
      await mkdir(dirname(tmp), { recursive: true });
      await pipeline(toReadable(body), digest, createWriteStream(tmp, { flags: 'wx' }));
    } catch (error) {
      await rm(tmp, { force: true });
      throw error instanceof Error && isFsError(error)
        ? new BlobStoreUnavailableError('put', tmp, error)
        : error;
    }
    const key = options.key ?? contentKey(digest.sha256);
    const result = { key, sha256: digest.sha256, size: digest.bytes };
    try {
      if (options.key === undefined && (await this.head(key))?.sha256 === digest.sha256) {
        await rm(tmp, { force: true });
        return result;
      }
      await this.atomicWrite(
        this.metaPath(key),
        Buffer.from(JSON.stringify(sidecarOf(digest.sha256, options))),
      );
      await mkdir(dirname(this.path(key)), { recursive: true });
      await rename(tmp, this.path(key));
    } catch (error) {
      await rm(tmp, { force: true });
      throw new BlobStoreUnavailableError('put', key, error);
    }
    return result;
  }

  async openRead(key: string): Promise<BlobReadStream | undefined> {
    checkKey(key);
    let handle: import('node:fs/promises').FileHandle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw new BlobStoreUnavailableError('open', key, error);
    }
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) {
        await handle.close();
        return undefined;
      }
      const info = await this.infoOf(key, stats);
      return { body: handle.createReadStream({ autoClose: true }), info };
    } catch (error) {
      await handle.close();
      throw new BlobStoreUnavailableError('open', key, error);
    }
  }

  /** A folder has no URLs to hand out. */
  async presignGet(key: string, expiresInSeconds: number): Promise<string | undefined> {
    checkKey(key);
    checkExpiry(expiresInSeconds);
    return undefined;
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
      return await this.infoOf(key, stats);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new BlobStoreUnavailableError('head', key, error);
    }
  }

  async list(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const top = prefix.split('/')[0] ?? '';
    if (prefix.includes('/') && (top === META_DIR || top === TMP_DIR)) return { items: [] };
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

  private async infoOf(key: string, stats: { size: number; mtime: Date }): Promise<BlobInfo> {
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
