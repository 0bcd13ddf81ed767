import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderBlobStore } from '../src/index.js';
import { describeBlobStoreContract } from './blobs-contract.js';
import { failingAfter, generatedBytes } from './streams.js';

describeBlobStoreContract('local folder', async () => {
  const root = await mkdtemp(join(tmpdir(), 'aims-blobs-'));
  return {
    store: new FolderBlobStore({ root }),
    presigns: false,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe('FolderBlobStore specifics', () => {
  it('keeps blobs as plain files named by key and hides its own bookkeeping', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aims-blobs-'));
    try {
      const store = new FolderBlobStore({ root });
      await store.put('hello', { key: 'a/b.txt', metadata: { who: 'me' } });
      expect(await readdir(join(root, 'a'))).toEqual(['b.txt']);
      expect((await store.list('')).items.map((e) => e.key)).toEqual(['a/b.txt']);
      await expect(store.put('x', { key: '.aims-meta/a' })).rejects.toMatchObject({
        code: 'invalid_blob_key',
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('streams through a temporary file that is gone afterwards, whether the source ends or fails', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aims-blobs-'));
    try {
      const store = new FolderBlobStore({ root });
      const put = await store.putStream(generatedBytes(70_000, 9), { key: 'big/one.bin' });
      await expect(store.putStream(failingAfter(70_000, 'gone'))).rejects.toThrow('gone');
      expect(await readdir(join(root, '.aims-tmp'))).toEqual([]);
      expect((await readFile(join(root, 'big', 'one.bin'))).length).toBe(put.size);
      expect((await store.list('.aims-tmp/')).items).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
