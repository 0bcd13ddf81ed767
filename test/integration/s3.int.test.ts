import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { s3ClientOptions, uniqueName } from '../support/services.js';

describe('S3-compatible server (rig)', () => {
  const s3 = new S3Client(s3ClientOptions());
  const bucket = uniqueName('rig-s3');

  afterAll(async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const o of listed.Contents ?? [])
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.destroy();
  });

  it('puts, lists and gets objects with path-style addressing', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const body = '# AI policy\n\nApproved by the board.\n';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'policies/ai-policy.md',
        Body: body,
        ContentType: 'text/markdown',
      }),
    );
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other/readme.txt', Body: 'x' }));

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'policies/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['policies/ai-policy.md']);

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'policies/ai-policy.md' }));
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ContentType).toBe('text/markdown');
  });
});
