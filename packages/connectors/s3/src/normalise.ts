import { type DraftContent, jsonContent, streamedContent, type UpsertDraft } from '@aims/connector-sdk';
import type {
  GetBucketEncryptionCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommandOutput,
  GetPublicAccessBlockCommandOutput,
} from '@aws-sdk/client-s3';
import type { FetchedObject } from './client.js';
import type { PrefixMapping, S3Config } from './config.js';

/** A bucket's security settings as read; `undefined` means "never configured". */
export interface BucketSettings {
  encryption: Pick<GetBucketEncryptionCommandOutput, 'ServerSideEncryptionConfiguration'> | undefined;
  versioning: Pick<GetBucketVersioningCommandOutput, 'Status' | 'MFADelete'> | undefined;
  logging: Pick<GetBucketLoggingCommandOutput, 'LoggingEnabled'> | undefined;
  objectLock: Pick<GetObjectLockConfigurationCommandOutput, 'ObjectLockConfiguration'> | undefined;
  publicAccessBlock: Pick<GetPublicAccessBlockCommandOutput, 'PublicAccessBlockConfiguration'> | undefined;
}

type Location = Pick<S3Config, 'endpoint' | 'region'>;

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

export function objectUrl(location: Location, bucket: string, key = ''): string {
  if (location.endpoint !== undefined)
    return `${location.endpoint.replace(/\/+$/, '')}/${bucket}/${encodeKey(key)}`;
  return `https://${bucket}.s3.${location.region}.amazonaws.com/${encodeKey(key)}`;
}

export const bucketExternalId = (bucket: string) => `bucket:${bucket}`;
export const objectExternalId = (bucket: string, key: string) => `object:${bucket}/${key}`;

/** Default retention of new objects in days (a year counted as 365 days), or null. */
function retentionDays(settings: BucketSettings): number | null {
  const retention = settings.objectLock?.ObjectLockConfiguration?.Rule?.DefaultRetention;
  if (retention?.Days !== undefined) return retention.Days;
  if (retention?.Years !== undefined) return retention.Years * 365;
  return null;
}

/**
 * The settings as S3 answered them (`null`: never configured), without the responses' request
 * metadata (request ids change on every call): encryption rules, versioning and MFA delete,
 * access logging, object lock and its default retention, the public access block.
 */
export function bucketConfigContent(bucket: string, settings: BucketSettings, purpose: string): DraftContent {
  return jsonContent({
    bucket,
    purpose,
    encryption: settings.encryption?.ServerSideEncryptionConfiguration ?? null,
    versioning:
      settings.versioning === undefined
        ? null
        : { Status: settings.versioning.Status ?? null, MFADelete: settings.versioning.MFADelete ?? null },
    logging: settings.logging?.LoggingEnabled ?? null,
    objectLock: settings.objectLock?.ObjectLockConfiguration ?? null,
    publicAccessBlock: settings.publicAccessBlock?.PublicAccessBlockConfiguration ?? null,
  });
}

export function bucketConfigToDraft(
  bucket: string,
  settings: BucketSettings,
  location: Location,
  purpose = 'other',
): UpsertDraft {
  const rule =
    settings.encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  const status = settings.versioning?.Status;
  const target = settings.logging?.LoggingEnabled?.TargetBucket;
  const pab = settings.publicAccessBlock?.PublicAccessBlockConfiguration;
  const publicAccessBlock = {
    blockPublicAcls: pab?.BlockPublicAcls === true,
    ignorePublicAcls: pab?.IgnorePublicAcls === true,
    blockPublicPolicy: pab?.BlockPublicPolicy === true,
    restrictPublicBuckets: pab?.RestrictPublicBuckets === true,
  };
  return {
    externalId: bucketExternalId(bucket),
    kind: 'storage.bucket-config',
    title: `S3 bucket ${bucket}`,
    url: objectUrl(location, bucket),
    attributes: {
      bucket,
      encryption: { enabled: rule?.SSEAlgorithm !== undefined, algorithm: rule?.SSEAlgorithm ?? null },
      versioning: status === 'Enabled' || status === 'Suspended' ? status : 'Disabled',
      accessLogging: { enabled: target !== undefined, targetBucket: target ?? null },
      objectLock: {
        enabled: settings.objectLock?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
        mode: settings.objectLock?.ObjectLockConfiguration?.Rule?.DefaultRetention?.Mode ?? null,
        retentionDays: retentionDays(settings),
      },
      publicAccessBlock: {
        ...publicAccessBlock,
        allBlocked: Object.values(publicAccessBlock).every(Boolean),
      },
      purpose,
    },
    ...bucketConfigContent(bucket, settings, purpose),
  };
}

function metaFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return ['true', 'yes', '1', 'approved'].includes(value.trim().toLowerCase());
}

function metaDate(value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** Approval and review metadata of a governed document (policy, procedure, record). */
function documentControl(meta: Record<string, string>, approved: boolean): Record<string, unknown> {
  const stated = metaDate(meta['effective-at']);
  return {
    approved,
    approvedBy: approved ? (meta['approved-by'] ?? null) : null,
    approvedAt: approved ? metaDate(meta['approved-at']) : null,
    reviewedAt: metaDate(meta['reviewed-at']),
    ...(stated === null ? {} : { effectiveDate: stated }),
  };
}

/**
 * Maps an object under a configured prefix. Object metadata (`x-amz-meta-*`) refines it:
 * `approved`, `approved-by`, `approved-at`, `reviewed-at`, `owner`, `effective-at`, `ai-system`
 * (comma list), `title`, `model`. A document's effectiveDate attribute is only the date its
 * metadata states, never the object's LastModified.
 */
export function objectToDraft(
  bucket: string,
  mapping: PrefixMapping,
  object: FetchedObject,
  location: Location,
): UpsertDraft {
  const meta = object.metadata;
  const approved = metaFlag(meta.approved) ?? mapping.approved;
  const path = object.key;
  let attributes: Record<string, unknown>;
  switch (mapping.kind) {
    case 'policy.document':
      attributes = { policyType: mapping.type, ...documentControl(meta, approved), path };
      break;
    case 'procedure.document':
      attributes = { procedureType: mapping.type, ...documentControl(meta, approved), path };
      break;
    case 'record.document':
      attributes = { docType: mapping.type, ...documentControl(meta, approved), path };
      break;
    case 'ml.model-card': {
      const base = path.split('/').pop() ?? path;
      attributes = {
        model: meta.model ?? base.replace(/\.[^.]+$/, ''),
        intendedUse: null,
        limitations: null,
        path,
      };
      break;
    }
  }
  const systems = (meta['ai-system'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const effectiveAt = metaDate(meta['effective-at']) ?? object.lastModified?.toISOString();
  const draft: UpsertDraft = {
    externalId: objectExternalId(bucket, object.key),
    kind: mapping.kind,
    sourceRevision: object.versionId ?? object.etag,
    title: meta.title ?? path.split('/').pop() ?? path,
    url: objectUrl(location, bucket, object.key),
    attributes: { ...attributes, bucket },
  };
  if (meta.owner !== undefined) draft.owner = meta.owner;
  if (effectiveAt !== undefined) draft.effectiveAt = effectiveAt;
  if (systems.length > 0) draft.aiSystems = [...new Set(systems)].sort();
  // The bytes themselves, streamed by the runner into the blob store (digest and size of what it stored).
  if (object.open !== undefined) Object.assign(draft, streamedContent(object.contentType, object.open));
  return draft;
}

/** The most specific configured prefix that a key falls under. */
export function mappingFor(prefixes: readonly PrefixMapping[], key: string): PrefixMapping | undefined {
  return prefixes
    .filter((p) => key.startsWith(p.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
}
