import { describe, expect, it } from 'vitest';
import { isNotConfigured, S3EvidenceClient, toS3Error } from '../src/client.js';
import { s3ConfigSchema } from '../src/config.js';
import {
  type BucketSettings,
  bucketConfigToDraft,
  mappingFor,
  objectToDraft,
  objectUrl,
} from '../src/normalise.js';
import hardenedJson from './fixtures/bucket-settings-hardened.json' with { type: 'json' };
import objectJson from './fixtures/object-policy.json' with { type: 'json' };

const hardened: BucketSettings = hardenedJson as BucketSettings;
const open = async function* () {
  yield Buffer.from('# AI Policy');
};
const object = { ...objectJson, lastModified: new Date(objectJson.lastModified), open };
const aws = { region: 'eu-west-1' } as const;
const config = s3ConfigSchema.parse({
  buckets: [
    {
      name: 'acme-governance',
      prefixes: [
        { prefix: 'policies/', kind: 'policy.document', type: 'ai-policy' },
        { prefix: 'policies/privacy/', kind: 'policy.document', type: 'privacy' },
        { prefix: 'procedures/', kind: 'procedure.document', type: 'incident-response', approved: true },
        { prefix: 'model-cards/', kind: 'ml.model-card' },
      ],
    },
  ],
});
const prefixes = config.buckets[0]?.prefixes ?? [];

describe('bucketConfigToDraft', () => {
  it('maps every configured security setting', () => {
    expect(bucketConfigToDraft('acme-governance', hardened, aws)).toEqual({
      externalId: 'bucket:acme-governance',
      kind: 'storage.bucket-config',
      title: 'S3 bucket acme-governance',
      url: 'https://acme-governance.s3.eu-west-1.amazonaws.com/',
      attributes: {
        bucket: 'acme-governance',
        encryption: { enabled: true, algorithm: 'aws:kms' },
        versioning: 'Enabled',
        accessLogging: { enabled: true, targetBucket: 'acme-access-logs' },
        objectLock: { enabled: true, mode: 'GOVERNANCE', retentionDays: 365 },
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: false,
          allBlocked: false,
        },
        purpose: 'other',
      },
      content: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        mediaType: 'application/json',
        size: expect.any(Number),
      },
      body: expect.any(Uint8Array),
    });
  });

  it("keeps the settings as S3 answered them as content, without the responses' request metadata", () => {
    const answered = structuredClone(hardened) as BucketSettings & Record<string, { $metadata?: unknown }>;
    for (const output of Object.values(answered))
      if (output)
        output.$metadata = { httpStatusCode: 200, requestId: 'REQ-123', extendedRequestId: 'EXT-456' };
    const draft = bucketConfigToDraft('acme-governance', answered, aws);
    const stored = JSON.parse(Buffer.from(draft.body as Uint8Array).toString('utf8'));
    expect(stored).toEqual({
      bucket: 'acme-governance',
      purpose: 'other',
      encryption: hardened.encryption?.ServerSideEncryptionConfiguration,
      versioning: { Status: 'Enabled', MFADelete: 'Disabled' },
      logging: hardened.logging?.LoggingEnabled,
      objectLock: hardened.objectLock?.ObjectLockConfiguration,
      publicAccessBlock: hardened.publicAccessBlock?.PublicAccessBlockConfiguration,
    });
    expect(JSON.stringify(stored)).not.toContain('REQ-123');
    // The same settings answered again (new request ids) are the same bytes.
    expect(bucketConfigToDraft('acme-governance', hardened, aws).content).toEqual(draft.content);
  });

  it('records what the bucket holds and retention given in years', () => {
    const yearly = structuredClone(hardened);
    const rule = yearly.objectLock?.ObjectLockConfiguration?.Rule;
    if (!rule) throw new Error('fixture has no object lock rule');
    rule.DefaultRetention = { Mode: 'COMPLIANCE', Years: 7 };
    expect(bucketConfigToDraft('acme-logs', yearly, aws, 'logs').attributes).toMatchObject({
      objectLock: { enabled: true, mode: 'COMPLIANCE', retentionDays: 2555 },
      purpose: 'logs',
    });
    expect(
      s3ConfigSchema.parse({ buckets: [{ name: 'acme-logs', purpose: 'logs' }] }).buckets[0]?.purpose,
    ).toBe('logs');
    expect(() => s3ConfigSchema.parse({ buckets: [{ name: 'acme-logs', purpose: 'archive' }] })).toThrow();
  });

  it('treats settings that were never configured as disabled', () => {
    const none = {
      encryption: undefined,
      versioning: undefined,
      logging: undefined,
      objectLock: undefined,
      publicAccessBlock: undefined,
    };
    expect(bucketConfigToDraft('bare', none, aws).attributes).toEqual({
      bucket: 'bare',
      encryption: { enabled: false, algorithm: null },
      versioning: 'Disabled',
      accessLogging: { enabled: false, targetBucket: null },
      objectLock: { enabled: false, mode: null, retentionDays: null },
      publicAccessBlock: {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
        allBlocked: false,
      },
      purpose: 'other',
    });
  });
});

describe('objectToDraft', () => {
  it('maps a policy with metadata, version id revision and content hash', () => {
    const mapping = mappingFor(prefixes, object.key);
    if (mapping === undefined) throw new Error('no mapping');
    expect(objectToDraft('acme-governance', mapping, object, aws)).toEqual({
      externalId: 'object:acme-governance/policies/ai-policy.md',
      kind: 'policy.document',
      sourceRevision: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY',
      title: 'AI Policy',
      url: 'https://acme-governance.s3.eu-west-1.amazonaws.com/policies/ai-policy.md',
      owner: 'Chief Information Security Officer',
      effectiveAt: '2026-11-20T10:00:00.000Z',
      aiSystems: ['chatbot', 'credit-scoring'],
      streamed: { mediaType: 'text/markdown', open },
      attributes: {
        policyType: 'ai-policy',
        approved: true,
        approvedBy: 'ciso@acme.example',
        approvedAt: '2026-11-18T00:00:00.000Z',
        reviewedAt: '2026-11-19T00:00:00.000Z',
        path: 'policies/ai-policy.md',
        bucket: 'acme-governance',
      },
    });
    // LastModified dates the version, but it is no date the document states for itself.
    expect(objectToDraft('acme-governance', mapping, object, aws).attributes).not.toHaveProperty(
      'effectiveDate',
    );
    const dated = { ...object, metadata: { ...object.metadata, 'effective-at': '2026-11-01' } };
    expect(objectToDraft('acme-governance', mapping, dated, aws).attributes).toMatchObject({
      effectiveDate: '2026-11-01T00:00:00.000Z',
    });
  });

  it('uses the ETag without a version id, the prefix default approval, and no content above the size limit', () => {
    const { versionId: _v, open: _o, ...plain } = object;
    const unversioned = { ...plain, key: 'procedures/incidents.md', metadata: {} };
    const mapping = mappingFor(prefixes, unversioned.key);
    if (mapping === undefined) throw new Error('no mapping');
    const draft = objectToDraft('acme-governance', mapping, unversioned, aws);
    expect(draft).toMatchObject({
      kind: 'procedure.document',
      sourceRevision: object.etag,
      title: 'incidents.md',
    });
    expect(draft.attributes).toEqual({
      procedureType: 'incident-response',
      approved: true,
      approvedBy: null,
      approvedAt: null,
      reviewedAt: null,
      path: 'procedures/incidents.md',
      bucket: 'acme-governance',
    });
    expect(draft.content).toBeUndefined();
    expect(draft.streamed).toBeUndefined();
  });

  it('derives a model card name from the file and uses path-style URLs for custom endpoints', () => {
    const card = { ...object, key: 'model-cards/credit scoring.md', metadata: {} };
    const mapping = mappingFor(prefixes, card.key);
    if (mapping === undefined) throw new Error('no mapping');
    const draft = objectToDraft('acme-governance', mapping, card, {
      endpoint: 'http://127.0.0.1:9000/',
      region: 'us-east-1',
    });
    expect(draft.attributes).toMatchObject({
      model: 'credit scoring',
      path: 'model-cards/credit scoring.md',
    });
    expect(draft.url).toBe('http://127.0.0.1:9000/acme-governance/model-cards/credit%20scoring.md');
  });

  it('picks the most specific prefix', () => {
    expect(mappingFor(prefixes, 'policies/privacy/gdpr.md')).toMatchObject({ type: 'privacy' });
    expect(mappingFor(prefixes, 'elsewhere/x.md')).toBeUndefined();
    expect(objectUrl(aws, 'b', 'a/b c')).toBe('https://b.s3.eu-west-1.amazonaws.com/a/b%20c');
  });
});

describe('S3 errors', () => {
  it('recognises "not configured" answers', () => {
    expect(isNotConfigured({ name: 'ServerSideEncryptionConfigurationNotFoundError' })).toBe(true);
    expect(isNotConfigured({ name: 'NoSuchPublicAccessBlockConfiguration' })).toBe(true);
    expect(isNotConfigured({ name: 'AccessDenied' })).toBe(false);
  });

  it('maps AWS errors to codes and removes secrets', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const denied = toS3Error(
      { name: 'AccessDenied', message: 'Access Denied', $metadata: { httpStatusCode: 403 } },
      'GetBucketLogging',
      'b',
      [secret],
    );
    expect(denied).toMatchObject({
      code: 'permission_denied',
      retriable: false,
      message: 'S3 GetBucketLogging on bucket b failed: AccessDenied (Access Denied)',
    });
    const expired = toS3Error(
      { name: 'ExpiredToken', message: `token ${secret} expired`, $metadata: { httpStatusCode: 400 } },
      'ListObjectsV2',
      'b',
      [secret],
    );
    expect(expired.code).toBe('auth_failed');
    expect(expired.message).not.toContain(secret);
    expect(
      toS3Error({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } }, 'GetObject', 'b', []).retriable,
    ).toBe(true);
  });

  it('returns undefined for a setting that is not configured and throws for real failures', async () => {
    const client = new S3EvidenceClient(config);
    const notFound = Object.assign(new Error('none'), { name: 'ObjectLockConfigurationNotFoundError' });
    await expect(
      client.setting('GetObjectLockConfiguration', 'b', () => Promise.reject(notFound)),
    ).resolves.toBeUndefined();
    const denied = Object.assign(new Error('Access Denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(client.setting('GetBucketLogging', 'b', () => Promise.reject(denied))).rejects.toMatchObject(
      { code: 'permission_denied' },
    );
    client.s3.destroy();
  });
});
