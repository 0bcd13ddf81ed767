import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, InvalidBlobKeyError } from '../src/index.js';

export interface BlobStoreUnderTest {
  store: BlobStore;
  dispose(): Promise<void>;
}

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The behaviour every BlobStore adapter must show; `factory` gives an empty store. */
export function describeBlobStoreContract(name: string, factory: () => Promise<BlobStoreUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let target: BlobStoreUnderTest;
    let store: BlobStore;
    beforeAll(async () => {
      target = await factory();
      store = target.store;
    });
    afterAll(async () => {
      await target.dispose();
    });

    it('stores under a given key and reads back bytes, type, metadata and digest', async () => {
      const body = Buffer.from([0, 1, 2, 250, 255]);
      const put = await store.put(body, {
        key: 'reports/2026/q4.bin',
        contentType: 'application/octet-stream',
        metadata: { source: 'contract' },
      });
      expect(put).toEqual({ key: 'reports/2026/q4.bin', sha256: sha(body), size: 5 });
      const blob = await store.get('reports/2026/q4.bin');
      expect(blob?.body.equals(body)).toBe(true);
      expect(blob).toMatchObject({
        key: 'reports/2026/q4.bin',
        size: 5,
        sha256: sha(body),
        contentType: 'application/octet-stream',
        metadata: { source: 'contract' },
      });
      const head = await store.head('reports/2026/q4.bin');
      expect(head).toMatchObject({ size: 5, sha256: sha(body), metadata: { source: 'contract' } });
      expect(head).not.toHaveProperty('body');
    });

    it('addresses content by its SHA-256 when no key is given', async () => {
      const first = await store.put('# AI policy\n');
      const second = await store.put(Buffer.from('# AI policy\n'));
      expect(first.key).toBe(`sha256/${sha('# AI policy\n')}`);
      expect(second).toEqual(first);
      expect((await store.get(first.key))?.body.toString('utf8')).toBe('# AI policy\n');
    });

    it('overwrites a key and reports missing keys as undefined', async () => {
      await store.put('v1', { key: 'over/write.txt' });
      await store.put('version two', { key: 'over/write.txt' });
      expect((await store.get('over/write.txt'))?.body.toString()).toBe('version two');
      expect(await store.get('over/missing.txt')).toBeUndefined();
      expect(await store.head('over/missing.txt')).toBeUndefined();
    });

    it('lists by prefix in key order, page by page', async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `list/item-${i}.json`);
      for (const key of [...keys].reverse())
        await store.put(`{"k":"${key}"}`, { key, contentType: 'application/json' });
      await store.put('x', { key: 'listing-not-included/a' });
      const first = await store.list('list/', { limit: 3 });
      expect(first.items.map((e) => e.key)).toEqual(keys.slice(0, 3));
      expect(first.nextCursor).toBeDefined();
      const second = await store.list('list/', {
        limit: 3,
        ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
      });
      expect(second.items.map((e) => e.key)).toEqual(keys.slice(3, 6));
      const all: string[] = [];
      for await (const entry of store.listAll('list/')) all.push(entry.key);
      expect(all).toEqual(keys);
      expect(first.items[0]?.size).toBe(Buffer.byteLength(`{"k":"${keys[0]}"}`));
      expect((await store.list('nothing-here/')).items).toEqual([]);
    });

    it('deletes keys, and deleting a missing key is fine', async () => {
      await store.put('bye', { key: 'delete/me.txt' });
      await store.delete('delete/me.txt');
      expect(await store.get('delete/me.txt')).toBeUndefined();
      await expect(store.delete('delete/me.txt')).resolves.toBeUndefined();
      expect((await store.list('delete/')).items).toEqual([]);
    });

    it('rejects keys that could escape or confuse the store', async () => {
      for (const key of ['', '../etc/passwd', 'a//b', 'a/./b', 'a\\b', '/abs', 'trailing/']) {
        await expect(store.put('x', { key })).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      await expect(store.get('../x')).rejects.toMatchObject({ code: 'invalid_blob_key' });
    });
  });
}
