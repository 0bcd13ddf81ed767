import {
  type CheckResult,
  ConnectorError,
  defineConnector,
  type MissingPermission,
} from '@aims/connector-sdk';
import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3EvidenceClient } from './client.js';
import { type S3Config, s3ConfigSchema, s3Secrets } from './config.js';
import { bucketConfigStream } from './streams/bucket-config.js';
import { type BucketSliceParams, objectsStream } from './streams/objects.js';

export const S3_CONNECTOR_VERSION = '0.1.0';

export const s3Connector = defineConnector<S3Config, S3EvidenceClient, BucketSliceParams>({
  id: 's3',
  version: S3_CONNECTOR_VERSION,
  title: 'Amazon S3',
  configSchema: s3ConfigSchema,
  auth: {
    type: 'aws',
    description: 'Static access keys, or the AWS SDK default credential chain (instance role, IRSA, profile)',
    secrets: s3Secrets,
  },
  createClient: (ctx) => new S3EvidenceClient(ctx.config),
  async check(ctx): Promise<CheckResult> {
    const missing: MissingPermission[] = [];
    const granted: string[] = [];
    for (const bucket of ctx.config.buckets) {
      const probes: Array<[string, () => Promise<unknown>]> = [
        [
          's3:ListBucket',
          () => ctx.client.s3.send(new ListObjectsV2Command({ Bucket: bucket.name, MaxKeys: 1 })),
        ],
      ];
      if (bucket.bucketConfig) {
        probes.push(['s3:GetEncryptionConfiguration', () => ctx.client.bucketSettings(bucket.name)]);
      }
      await ctx.client.call('HeadBucket', bucket.name, () =>
        ctx.client.s3.send(new HeadBucketCommand({ Bucket: bucket.name })),
      );
      for (const [permission, probe] of probes) {
        try {
          await ctx.client.call(permission, bucket.name, probe);
          granted.push(`${permission} on ${bucket.name}`);
        } catch (error) {
          if (!(error instanceof ConnectorError) || error.code !== 'permission_denied') throw error;
          missing.push({ permission, reason: `denied on bucket ${bucket.name}` });
        }
      }
    }
    return { ok: missing.length === 0, granted, missing };
  },
  slices: (ctx) =>
    Promise.resolve(
      ctx.config.buckets.map((b) => ({
        id: `bucket:${b.name}`,
        title: `S3 bucket ${b.name}`,
        params: { bucket: b.name, prefixes: b.prefixes, bucketConfig: b.bucketConfig, purpose: b.purpose },
      })),
    ),
  streams: [bucketConfigStream, objectsStream],
});

export type { FetchedObject } from './client.js';
export { isNotConfigured, S3EvidenceClient, toS3Error } from './client.js';
export type { PrefixMapping, S3Config, S3ConfigInput } from './config.js';
export { prefixMappingSchema, s3ConfigSchema } from './config.js';
export type { BucketSettings } from './normalise.js';
export {
  bucketConfigToDraft,
  bucketExternalId,
  mappingFor,
  objectExternalId,
  objectToDraft,
  objectUrl,
} from './normalise.js';
export type { BucketConfigCursor } from './streams/bucket-config.js';
export { bucketConfigStream } from './streams/bucket-config.js';
export type { BucketSliceParams, ObjectsCursor } from './streams/objects.js';
export { objectsStream } from './streams/objects.js';
