import { randomUUID } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3BlobStore } from '../src/index.js';
import { describeBlobStoreContract } from './blobs-contract.js';

const endpoint = process.env.S3_ENDPOINT ?? '';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describeBlobStoreContract('S3 (moto)', async () => {
  const bucket = `aims-blobs-${randomUUID().slice(0, 8)}`;
  const store = new S3BlobStore({ bucket, endpoint, credentials, prefix: 'evidence/' });
  await store.ensureBucket();
  await store.ensureBucket();
  return {
    store,
    dispose: async () => {
      const listed = await store.client.send(new ListObjectsV2Command({ Bucket: bucket }));
      for (const object of listed.Contents ?? []) {
        await store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      }
      await store.client.send(new DeleteBucketCommand({ Bucket: bucket }));
      store.client.destroy();
    },
  };
});
