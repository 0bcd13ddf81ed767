import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, InvalidBlobKeyError } from '../src/index.js';
import { digestOf, failingAfter, generatedBytes } from './streams.js';

export interface BlobStoreUnderTest {
  store: BlobStore;
  /** True when the adapter hands out presigned URLs (S3); the folder store has none. */
  presigns: boolean;
  dispose(): Promise<void>;
}

const MIB = 1024 * 1024;

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The behaviour every BlobStore adapter must show; `factory` gives an empty store. */
export function describeBlobStoreContract(name: string, factory: () => Promise<BlobStoreUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let target: BlobStoreUnderTest;
    const keysUnder = async (prefix: string) => {
      const keys: string[] = [];
      for await (const entry of store.listAll(prefix)) keys.push(entry.key);
      return keys;
    };
    let store: BlobStore;
    beforeAll(async () => {
      target = await factory();
      store = target.store;
    });
    afterAll(async () => {
      await target.dispose();
    });

    it('answers a ping when it can be used', async () => {
      await expect(store.ping?.()).resolves.toBeUndefined();
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

    it('streams bytes in under their SHA-256 and streams them back out', async () => {
      const expected = await digestOf(generatedBytes(9 * MIB + 123, 3));
      const put = await store.putStream(generatedBytes(9 * MIB + 123, 3), { contentType: 'application/pdf' });
      expect(put).toEqual({ key: `sha256/${expected.sha256}`, sha256: expected.sha256, size: expected.size });
      expect(await store.head(put.key)).toMatchObject({ size: expected.size, sha256: expected.sha256 });
      const opened = await store.openRead(put.key);
      expect(opened?.info).toMatchObject({ key: put.key, size: expected.size, sha256: expected.sha256 });
      expect(await digestOf(opened!.body)).toEqual(expected);
    });

    it('stores streamed content once, however often it arrives, and leaves no temporary objects', async () => {
      const first = await store.putStream(generatedBytes(300_000, 11));
      const second = await store.putStream(Readable.from(generatedBytes(300_000, 11)));
      expect(second).toEqual(first);
      expect((await keysUnder('sha256/')).filter((key) => key === first.key)).toHaveLength(1);
      expect((await keysUnder('')).filter((key) => key.startsWith('.aims'))).toEqual([]);
    });

    it('streams under a given key with type and metadata, and overwrites it', async () => {
      const put = await store.putStream(generatedBytes(1000, 5), {
        key: 'exports/bundle.zip',
        contentType: 'application/zip',
        metadata: { workspace: 'acme' },
      });
      expect(put.key).toBe('exports/bundle.zip');
      expect(await store.head('exports/bundle.zip')).toMatchObject({
        size: 1000,
        sha256: put.sha256,
        contentType: 'application/zip',
        metadata: { workspace: 'acme' },
      });
      const again = await store.putStream(generatedBytes(10, 6), { key: 'exports/bundle.zip' });
      expect((await store.get('exports/bundle.zip'))?.body.length).toBe(10);
      expect((await store.head('exports/bundle.zip'))?.sha256).toBe(again.sha256);
    });

    it('passes a failing source on and leaves nothing behind', async () => {
      const before = await keysUnder('');
      await expect(store.putStream(failingAfter(200_000, 'source broke'))).rejects.toThrow('source broke');
      await expect(
        store.putStream(failingAfter(10, 'broke again'), { key: 'failed/upload.bin' }),
      ).rejects.toThrow('broke again');
      expect(await store.head('failed/upload.bin')).toBeUndefined();
      expect(await keysUnder('')).toEqual(before);
    });

    it('streams an empty body and reports missing keys as undefined when opened', async () => {
      const empty = await store.putStream((async function* () {})());
      expect(empty).toEqual({ key: `sha256/${sha('')}`, sha256: sha(''), size: 0 });
      const opened = await store.openRead(empty.key);
      expect(await digestOf(opened!.body)).toEqual({ sha256: sha(''), size: 0 });
      expect(await store.openRead('missing/blob.bin')).toBeUndefined();
      await expect(store.openRead('../escape')).rejects.toMatchObject({ code: 'invalid_blob_key' });
      await expect(store.putStream(generatedBytes(1), { key: '.aims-tmp/x' })).rejects.toMatchObject({
        code: 'invalid_blob_key',
      });
    });

    it('hands out presigned URLs only where the store can serve them', async () => {
      const put = await store.put('presigned body', { key: 'presign/a.txt', contentType: 'text/plain' });
      const url = await store.presignGet(put.key, 60);
      if (target.presigns) {
        const res = await fetch(url ?? 'missing-url');
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('presigned body');
      } else {
        expect(url).toBeUndefined();
      }
      for (const seconds of [0, 604_801, 1.5]) {
        await expect(store.presignGet(put.key, seconds)).rejects.toMatchObject({
          code: 'invalid_presign_expiry',
        });
      }
    });

    it('rejects keys that could escape or confuse the store', async () => {
      for (const key of ['', '../etc/passwd', 'a//b', 'a/./b', 'a\\b', '/abs', 'trailing/']) {
        await expect(store.put('x', { key })).rejects.toBeInstanceOf(InvalidBlobKeyError);
      }
      await expect(store.get('../x')).rejects.toMatchObject({ code: 'invalid_blob_key' });
    });
  });
}
