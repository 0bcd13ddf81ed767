import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3BlobStore } from '@aims/blobs';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentFromBlobStore, verifyBundle, writeBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('a bundle whose content streams from S3', () => {
  let fixture: Fixture;
  let s3: S3BlobStore;
  const bucket = `aims-bundle-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    fixture = await makeFixture();
    s3 = new S3BlobStore({
      bucket,
      endpoint: process.env.S3_ENDPOINT ?? '',
      credentials: { accessKeyId: 'rig', secretAccessKey: 'rig-secret' },
    });
    await s3.ensureBucket();
    for (const version of fixture.input.versions) {
      if (!version.content) continue;
      const opened = await fixture.store.openRead(`sha256/${version.content.sha256}`);
      await s3.putStream(opened!.body, { contentType: version.content.mediaType });
    }
  });
  afterAll(async () => {
    for await (const entry of s3.listAll('')) await s3.delete(entry.key);
    await s3.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.client.destroy();
    await fixture.dispose();
  });

  it('is byte-for-byte the bundle written from the folder store, and verifies', async () => {
    const fromFolder = await fixture.write('folder.zip');
    const fromS3 = join(fixture.dir, 's3.zip');
    await writeBundle(fixture.input, createWriteStream(fromS3), { openContent: contentFromBlobStore(s3) });
    expect(sha(await readFile(fromS3))).toBe(sha(await readFile(fromFolder)));
    expect(await verifyBundle(fromS3)).toMatchObject({ ok: true });
  });
});
