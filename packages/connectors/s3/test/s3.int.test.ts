import { createHash } from 'node:crypto';
import { connectorReadTest, runCheck } from '@aims/connector-sdk';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Connector } from '../src/index.js';

const endpoint = process.env.S3_ENDPOINT;
if (endpoint === undefined)
  throw new Error('S3_ENDPOINT is not set; start the rig (node scripts/services.mjs up)');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing-secret-key' };
const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const docs = `aims-docs-${suffix}`;
const bare = `aims-bare-${suffix}`;
const logs = `aims-logs-${suffix}`;
const audit = `aims-audit-${suffix}`;

const put = (key: string, body: string, metadata: Record<string, string> = {}) =>
  s3.send(
    new PutObjectCommand({
      Bucket: docs,
      Key: key,
      Body: body,
      ContentType: 'text/markdown',
      Metadata: metadata,
    }),
  );
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const config = {
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials,
  buckets: [
    {
      name: docs,
      prefixes: [
        { prefix: 'policies/', kind: 'policy.document', type: 'ai-policy' },
        { prefix: 'policies/security/', kind: 'policy.document', type: 'security', approved: true },
        { prefix: 'records/', kind: 'record.document', type: 'impact-assessment' },
      ],
    },
    { name: bare },
    { name: audit, purpose: 'logs' },
  ],
};

beforeAll(async () => {
  for (const Bucket of [docs, bare, logs]) await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: audit, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: audit,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } },
      },
    }),
  );
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: docs, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: docs,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: docs,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  const logDelivery = 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"';
  await s3.send(
    new PutBucketAclCommand({ Bucket: logs, GrantWrite: logDelivery, GrantReadACP: logDelivery }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: docs,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: logs, TargetPrefix: 'docs/' } },
    }),
  );
  await put('policies/ai-policy.md', '# AI policy v1', {
    approved: 'true',
    'approved-by': 'ciso@acme.example',
    'approved-at': '2026-11-02',
    owner: 'ciso',
    'ai-system': 'credit-scoring',
  });
  await put('policies/security/access.md', '# Access control');
  await put('records/aia-credit.md', '# Impact assessment: credit scoring');
  await put('other/notes.md', 'not configured');
});

afterAll(() => s3.destroy());

describe('S3 connector against an S3 server', () => {
  it('harvests bucket configuration and documents, then changes and deletions incrementally', async () => {
    const first = await connectorReadTest({ connector: s3Connector, config });
    expect(first.result.status).toBe('succeeded');

    const docsConfig = first.upserts.find((r) => r.externalId === `bucket:${docs}`);
    expect(docsConfig?.attributes).toEqual({
      bucket: docs,
      encryption: { enabled: true, algorithm: 'aws:kms' },
      versioning: 'Enabled',
      accessLogging: { enabled: true, targetBucket: logs },
      objectLock: { enabled: false, mode: null, retentionDays: null },
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
        allBlocked: true,
      },
      purpose: 'other',
    });
    // A log bucket under object lock: its purpose comes from the config, its retention from S3.
    expect(first.upserts.find((r) => r.externalId === `bucket:${audit}`)?.attributes).toMatchObject({
      objectLock: { enabled: true, mode: 'COMPLIANCE', retentionDays: 400 },
      purpose: 'logs',
    });
    // A bucket where nothing was configured is evidence of disabled settings, not a failure.
    expect(first.upserts.find((r) => r.externalId === `bucket:${bare}`)?.attributes).toMatchObject({
      encryption: { enabled: false, algorithm: null },
      versioning: 'Disabled',
      accessLogging: { enabled: false, targetBucket: null },
      publicAccessBlock: { allBlocked: false },
    });

    const objects = first.upserts.filter((r) => r.externalId.startsWith('object:'));
    expect(objects.map((r) => r.externalId).sort()).toEqual(
      [
        `object:${docs}/policies/ai-policy.md`,
        `object:${docs}/policies/security/access.md`,
        `object:${docs}/records/aia-credit.md`,
      ].sort(),
    );
    const policy = objects.find((r) => r.externalId.endsWith('ai-policy.md'));
    expect(policy).toMatchObject({
      kind: 'policy.document',
      owner: 'ciso',
      aiSystems: ['credit-scoring'],
      url: `${endpoint}/${docs}/policies/ai-policy.md`,
      attributes: {
        policyType: 'ai-policy',
        approved: true,
        approvedBy: 'ciso@acme.example',
        approvedAt: '2026-11-02T00:00:00.000Z',
        path: 'policies/ai-policy.md',
        bucket: docs,
      },
      content: { sha256: sha('# AI policy v1'), mediaType: 'text/markdown', size: '# AI policy v1'.length },
    });
    expect(policy?.sourceRevision).toMatch(/.+/);
    expect(objects.find((r) => r.externalId.endsWith('access.md'))?.attributes).toMatchObject({
      policyType: 'security',
      approved: true,
    });
    expect(objects.find((r) => r.externalId.endsWith('aia-credit.md'))).toMatchObject({
      kind: 'record.document',
      attributes: { docType: 'impact-assessment', approved: false },
    });

    // Unchanged: nothing is emitted the second time.
    const quiet = await connectorReadTest({ connector: s3Connector, config, checkpoints: first.checkpoints });
    expect(quiet.records).toEqual([]);

    await put('policies/ai-policy.md', '# AI policy v2', { approved: 'false' });
    await s3.send(new DeleteObjectCommand({ Bucket: docs, Key: 'records/aia-credit.md' }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: docs, VersioningConfiguration: { Status: 'Suspended' } }),
    );

    const second = await connectorReadTest({
      connector: s3Connector,
      config,
      checkpoints: quiet.checkpoints,
    });
    expect(second.result.status).toBe('succeeded');
    expect(second.upserts.map((r) => r.externalId).sort()).toEqual([
      `bucket:${docs}`,
      `object:${docs}/policies/ai-policy.md`,
    ]);
    const changed = second.upserts.find((r) => r.externalId.endsWith('ai-policy.md'));
    expect(changed?.content?.sha256).toBe(sha('# AI policy v2'));
    expect(changed?.attributes).toMatchObject({ approved: false, approvedBy: null });
    expect(changed?.sourceRevision).not.toBe(policy?.sourceRevision);
    expect(second.upserts.find((r) => r.externalId === `bucket:${docs}`)?.attributes).toMatchObject({
      versioning: 'Suspended',
    });
    expect(second.deletes).toEqual([
      expect.objectContaining({
        op: 'delete',
        externalId: `object:${docs}/records/aia-credit.md`,
        kind: 'record.document',
      }),
    ]);
  });

  it('records a missing bucket as a gap with a clear error and keeps the others', async () => {
    const withMissing = { ...config, buckets: [{ name: `aims-missing-${suffix}` }, ...config.buckets] };
    const run = await connectorReadTest({ connector: s3Connector, config: withMissing, failureRatio: 0.5 });
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([
      expect.objectContaining({
        slice: `bucket:aims-missing-${suffix}`,
        error: expect.objectContaining({
          code: 'not_found',
          message: expect.stringContaining(`bucket aims-missing-${suffix}`),
        }),
      }),
    ]);
    expect(JSON.stringify(run.result)).not.toContain(credentials.secretAccessKey);
    expect(run.upserts.some((r) => r.externalId === `bucket:${docs}`)).toBe(true);
  });

  it('tombstones, on a full run, objects gone from a bucket it read, nothing of a bucket it could not read', async () => {
    const missing = `aims-missing-${suffix}`;
    const withMissing = { ...config, buckets: [{ name: missing }, ...config.buckets] };
    const known = (externalId: string, slice: string, stream: string) => ({
      externalId,
      kind: 'policy.document',
      slice,
      stream,
    });
    const run = await connectorReadTest({
      connector: s3Connector,
      config: withMissing,
      full: true,
      knownArtifacts: async () => [
        known(`object:${docs}/policies/removed-long-ago.md`, `bucket:${docs}`, 'objects'),
        known(`object:${missing}/policies/kept.md`, `bucket:${missing}`, 'objects'),
        known(`bucket:${missing}`, `bucket:${missing}`, 'bucket-config'),
      ],
    });
    expect(run.result.status).toBe('partial');
    expect(run.deletes.map((r) => r.externalId)).toEqual([`object:${docs}/policies/removed-long-ago.md`]);
  });

  it('checks the credentials and bucket permissions', async () => {
    const result = await runCheck({ connector: s3Connector, config, workspace: 'test', instance: 's3' });
    expect(result).toMatchObject({ ok: true, missing: [] });
    expect(result.granted).toContain(`s3:ListBucket on ${docs}`);
    const missing = await runCheck({
      connector: s3Connector,
      config: { ...config, buckets: [{ name: `aims-none-${suffix}` }] },
      workspace: 'test',
      instance: 's3',
    });
    expect(missing.ok).toBe(false);
    expect(missing.message).toMatch(/not_found: S3 HeadBucket on bucket aims-none-/);
  });
});
