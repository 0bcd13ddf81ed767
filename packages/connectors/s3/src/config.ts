import { eventSchemas } from '@aims/core';
import { z } from 'zod';

/** The type enums of the document kinds, read from contracts/events/artifact-attributes. */
const attributeDefs = (
  eventSchemas['artifact-attributes.schema.json'] as {
    $defs: Record<string, { properties: Record<string, { enum?: string[] }> }>;
  }
).$defs;
function typesOf(def: string, attribute: string): [string, ...string[]] {
  const values = attributeDefs[def]?.properties[attribute]?.enum;
  if (!values || values.length === 0) throw new Error(`artifact-attributes has no ${def}.${attribute} enum`);
  return values as [string, ...string[]];
}
const policyTypes = typesOf('policyDocument', 'policyType');
const procedureTypes = typesOf('procedureDocument', 'procedureType');
const docTypes = typesOf('recordDocument', 'docType');
const bucketPurposes = (attributeDefs.storageBucketConfig?.properties.purpose?.enum ?? ['other']) as [
  string,
  ...string[],
];

const prefixBase = {
  /** Key prefix, e.g. `policies/`; the empty string means the whole bucket. */
  prefix: z.string(),
  /** Default approval of documents here; object metadata `approved: true|false` overrides it. */
  approved: z.boolean().default(false),
};

/** What objects under a prefix are: the artifact kind and its type attribute. */
export const prefixMappingSchema = z.discriminatedUnion('kind', [
  z.object({ ...prefixBase, kind: z.literal('policy.document'), type: z.enum(policyTypes).default('other') }),
  z.object({
    ...prefixBase,
    kind: z.literal('procedure.document'),
    type: z.enum(procedureTypes).default('other'),
  }),
  z.object({ ...prefixBase, kind: z.literal('record.document'), type: z.enum(docTypes).default('other') }),
  z.object({ ...prefixBase, kind: z.literal('ml.model-card') }),
]);
export type PrefixMapping = z.output<typeof prefixMappingSchema>;

export const s3ConfigSchema = z.object({
  /** Custom endpoint (MinIO, moto, S3-compatible stores); default: AWS. */
  endpoint: z.url().optional(),
  region: z.string().min(1).default('us-east-1'),
  forcePathStyle: z.boolean().default(false),
  /** Static credentials; default: the AWS SDK's provider chain (role, profile, env of the service). */
  credentials: z
    .object({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
      sessionToken: z.string().min(1).optional(),
    })
    .optional(),
  buckets: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
        prefixes: z.array(prefixMappingSchema).default([]),
        /** Emit the bucket's security configuration as `storage.bucket-config`. */
        bucketConfig: z.boolean().default(true),
        /** What the bucket holds (logs, training-data, models, documents); rules on log buckets use it. */
        purpose: z.enum(bucketPurposes).default('other'),
      }),
    )
    .min(1),
  /**
   * Objects above this size are recorded from their headers only, without content. Content is
   * streamed into the blob store, never held in memory, so the limit bounds transfer, not memory.
   */
  maxObjectBytes: z
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  /** Attempts per AWS call (the AWS SDK's retry strategy with backoff). */
  maxAttempts: z.number().int().min(1).max(10).default(5),
});

export type S3ConfigInput = z.input<typeof s3ConfigSchema>;
export type S3Config = z.output<typeof s3ConfigSchema>;

export function s3Secrets(config: S3Config): Array<string | undefined> {
  return [config.credentials?.secretAccessKey, config.credentials?.sessionToken];
}
