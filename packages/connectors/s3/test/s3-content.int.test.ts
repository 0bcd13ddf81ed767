import { createHash } from 'node:crypto';
import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Connector } from '../src/index.js';

const endpoint = process.env.S3_ENDPOINT;
if (endpoint === undefined)
  throw new Error('S3_ENDPOINT is not set; start the rig (node scripts/services.mjs up)');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing-secret-key-content' };
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const versioned = `aims-content-v-${suffix}`;
const plain = `aims-content-p-${suffix}`;
const MB = 1024 * 1024;
const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** 20 MB that do not compress to nothing: a counter run through SHA-256, block by block. */
function largeBytes(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0, n = 0; at < size; at += 32, n++)
    createHash('sha256').update(String(n)).digest().copy(out, at);
  return out;
}
const large = largeBytes(20 * MB);

const config = {
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials,
  buckets: [
    {
      name: versioned,
      prefixes: [
        { prefix: 'policies/', kind: 'policy.document', type: 'ai-policy' },
        { prefix: 'records/', kind: 'record.document', type: 'impact-assessment' },
      ],
    },
    {
      name: plain,
      bucketConfig: false,
      prefixes: [{ prefix: 'reports/', kind: 'record.document', type: 'external-report' }],
    },
  ],
};

const put = (Bucket: string, Key: string, Body: string | Buffer, ContentType: string) =>
  s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType }));

beforeAll(async () => {
  for (const Bucket of [versioned, plain]) await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: versioned, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: versioned,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    }),
  );
  await put(versioned, 'policies/ai-policy.md', '# AI policy\n\nApproved by the board.\n', 'text/markdown');
  // The same bytes under two keys: one content, stored once.
  await put(versioned, 'records/aia-credit.md', '# Impact assessment\n', 'text/markdown');
  await put(versioned, 'records/aia-credit-copy.md', '# Impact assessment\n', 'text/markdown');
  await put(plain, 'reports/bias-audit.pdf', large, 'application/pdf');
}, 120_000);

afterAll(() => s3.destroy());

describe('S3 evidence content', () => {
  it('streams a 20 MB document into the store in one pass, never whole, with the digest of the bytes stored', async () => {
    const store = new MemoryContentStore();
    const run = await connectorReadTest({
      connector: s3Connector,
      config,
      storeContent: store.storeContent,
      storeStreamedContent: store.storeStreamedContent,
    });
    expect(run.result.status).toBe('succeeded');
    const report = run.upserts.find((r) => r.externalId === `object:${plain}/reports/bias-audit.pdf`);
    expect(report?.content).toEqual({
      sha256: sha(large),
      mediaType: 'application/pdf',
      size: large.byteLength,
      blobKey: `sha256/${sha(large)}`,
    });
    const write = store.streamed.find((w) => w.size === large.byteLength);
    expect(write).toBeDefined();
    // It arrived as a stream of network-sized pieces: nothing held the 20 MB as one buffer before the store.
    expect(write?.chunks).toBeGreaterThan(20);
    expect(write?.largestChunk).toBeLessThan(MB);
    expect(store.get(report?.content?.blobKey ?? '')?.equals(large)).toBe(true);
  });

  it('stores each distinct content once, serves back the bytes S3 had, and stores nothing new when unchanged', async () => {
    // As the harvester stores today (storeContent only): hashed on a first read, stored on a second.
    const store = new MemoryContentStore();
    const first = await connectorReadTest({
      connector: s3Connector,
      config,
      storeContent: store.storeContent,
    });
    expect(first.result.status).toBe('succeeded');
    const byId = new Map(first.upserts.map((r) => [r.externalId, r]));
    for (const record of first.upserts)
      expect(record.content?.blobKey, record.externalId).toMatch(/^sha256\//);
    const policy = byId.get(`object:${versioned}/policies/ai-policy.md`);
    expect(store.get(policy?.content?.blobKey ?? '')?.toString('utf8')).toBe(
      '# AI policy\n\nApproved by the board.\n',
    );
    expect(policy?.content).toMatchObject({ mediaType: 'text/markdown', size: 36 });
    const original = byId.get(`object:${versioned}/records/aia-credit.md`)?.content;
    expect(byId.get(`object:${versioned}/records/aia-credit-copy.md`)?.content).toEqual(original);
    expect(
      store.get(byId.get(`object:${plain}/reports/bias-audit.pdf`)?.content?.blobKey ?? '')?.equals(large),
    ).toBe(true);
    const bucket = byId.get(`bucket:${versioned}`);
    expect(bucket?.content?.mediaType).toBe('application/json');
    expect(store.json(bucket?.content?.blobKey ?? '')).toMatchObject({
      bucket: versioned,
      encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      versioning: { Status: 'Enabled' },
      logging: null,
    });
    // bucket config, policy, one record content for two keys, the report.
    expect(store.writes).toBe(4);

    const quiet = await connectorReadTest({
      connector: s3Connector,
      config,
      checkpoints: first.checkpoints,
      storeContent: store.storeContent,
    });
    expect(quiet.records).toEqual([]);
    // Read everything again from scratch: the same contents, nothing new stored.
    const again = await connectorReadTest({
      connector: s3Connector,
      config,
      storeContent: store.storeContent,
    });
    expect(again.upserts.map((r) => [r.externalId, r.content]).sort()).toEqual(
      first.upserts.map((r) => [r.externalId, r.content]).sort(),
    );
    expect(store.writes).toBe(4);
  });

  it('never stores the credentials', async () => {
    const store = new MemoryContentStore();
    await connectorReadTest({
      connector: s3Connector,
      config,
      storeContent: store.storeContent,
      storeStreamedContent: store.storeStreamedContent,
    });
    expect(store.keys().length).toBeGreaterThan(0);
    for (const secret of [credentials.secretAccessKey, 'X-Amz-Signature', 'X-Amz-Credential'])
      expect(store.holds(secret), secret).toBe(false);
  });
});
