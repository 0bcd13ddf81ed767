import { randomUUID } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3BlobStore, type S3BlobStoreOptions } from '../src/index.js';
import { describeBlobStoreContract } from './blobs-contract.js';
import { digestOf, generatedBytes } from './streams.js';

const endpoint = process.env.S3_ENDPOINT ?? '';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const MIB = 1024 * 1024;

async function freshStore(options: Partial<S3BlobStoreOptions> = {}) {
  const bucket = `aims-blobs-${randomUUID().slice(0, 8)}`;
  const store = new S3BlobStore({
    bucket,
    endpoint,
    credentials,
    prefix: 'evidence/',
    partSize: 5 * MIB,
    ...options,
  });
  await store.ensureBucket();
  const dispose = async () => {
    const listed = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const object of listed.Contents ?? []) {
      await store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
    }
    await store.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    store.client.destroy();
  };
  return { store, bucket, dispose };
}

describeBlobStoreContract('S3 (moto)', async () => {
  const { store, dispose } = await freshStore();
  await store.ensureBucket();
  return { store, presigns: true, dispose };
});

describe('S3BlobStore specifics', () => {
  it('fails a ping naming the bucket when the bucket does not exist', async () => {
    const store = new S3BlobStore({
      bucket: `aims-missing-${randomUUID().slice(0, 8)}`,
      endpoint,
      credentials,
    });
    await expect(store.ping()).rejects.toMatchObject({
      code: 'blob_store_unavailable',
      message: expect.stringMatching(/^blob store head bucket of "aims-missing-/),
    });
    store.client.destroy();
  });

  it('copies a large streamed blob into place part by part', async () => {
    const { store, bucket, dispose } = await freshStore({ multipartCopyAbove: 6 * MIB });
    try {
      const expected = await digestOf(generatedBytes(12 * MIB + 7, 21));
      const put = await store.putStream(generatedBytes(12 * MIB + 7, 21), { contentType: 'application/zip' });
      expect(put).toMatchObject({ sha256: expected.sha256, size: expected.size });
      expect(await store.head(put.key)).toMatchObject({
        size: expected.size,
        sha256: expected.sha256,
        contentType: 'application/zip',
      });
      expect(await digestOf((await store.openRead(put.key))!.body)).toEqual(expected);
      const raw = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect((raw.Contents ?? []).map((o) => o.Key)).toEqual([`evidence/${put.key}`]);
    } finally {
      await dispose();
    }
  });
});
