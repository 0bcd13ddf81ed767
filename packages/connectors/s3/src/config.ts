import { z } from 'zod';

const policyTypes = ['ai-policy', 'acceptable-use', 'security', 'privacy', 'data', 'other'] as const;
const procedureTypes = [
  'impact-assessment',
  'development',
  'responsible-use',
  'data-preparation',
  'concern-reporting',
  'incident-response',
  'change-management',
  'other',
] as const;
const docTypes = [
  'roles',
  'resource-inventory',
  'requirements',
  'design',
  'technical',
  'user-guide',
  'external-report',
  'incident-communication',
  'supplier-agreement',
  'customer-agreement',
  'training-record',
  'data-quality-report',
  'objectives',
  'intended-use',
  'impact-assessment',
  'interested-parties',
  'other',
] as const;

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
      }),
    )
    .min(1),
  /** Objects above this size are recorded without downloading them for a content hash. */
  maxObjectBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Attempts per AWS call (the AWS SDK's retry strategy with backoff). */
  maxAttempts: z.number().int().min(1).max(10).default(5),
});

export type S3ConfigInput = z.input<typeof s3ConfigSchema>;
export type S3Config = z.output<typeof s3ConfigSchema>;

export function s3Secrets(config: S3Config): Array<string | undefined> {
  return [config.credentials?.secretAccessKey, config.credentials?.sessionToken];
}
