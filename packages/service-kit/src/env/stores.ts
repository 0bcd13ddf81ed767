import { z } from 'zod';
import { envIssue } from './common.js';
import { secret } from './meta.js';

/** Catalogue location: a postgres:// URL, or `sqlite:<path>` for the embedded store. */
export const catalogueEnv = {
  DATABASE_URL: secret(
    z
      .string({ error: 'is required: postgres://user:password@host:5432/db, or sqlite:<path>' })
      .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must be postgres://… or sqlite:<path>'),
    'The catalogue: postgres://user:password@host:5432/db, or sqlite:<path> for the embedded store. Never logged with its password.',
  ),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .optional()
    .describe('PostgreSQL schema of the catalogue (tests use one per run). Default public.'),
  CATALOGUE_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3_600_000)
    .default(120_000)
    .describe(
      'How long the service waits at start for `aims migrate` (the migration Job) to bring the catalogue to the latest migration; it never migrates itself. Default 120000.',
    ),
};

export const redisEnv = {
  REDIS_URL: secret(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be redis://… or rediss://…')
      .optional(),
    'redis:// or rediss:// URL of the BullMQ job queues (may hold a password); required when JOB_QUEUE=bullmq.',
  ),
  JOB_QUEUE: z
    .enum(['bullmq', 'embedded'])
    .default('bullmq')
    .describe('bullmq (Redis), or embedded (in process: trials and tests). Default bullmq.'),
};

/** Where evidence content and export bundles are kept (see `blobsFromEnv`). */
export const blobEnv = {
  BLOB_STORE: z
    .enum(['s3', 'folder'])
    .default('s3')
    .describe(
      's3 (or an S3-compatible server), or folder (a local folder: one process, trials and tests). Default s3.',
    ),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)',
    )
    .optional()
    .describe('Bucket of evidence content and export bundles; required when BLOB_STORE=s3.'),
  S3_PREFIX: z
    .string()
    .regex(/^[^/].*\/$/, 'must not start with / and must end with / (evidence/)')
    .optional()
    .describe(
      'Key prefix inside the bucket (evidence/), so environments can share one bucket. Default: none.',
    ),
  S3_REGION: z.string().min(1).optional().describe('Region of the bucket. Default us-east-1.'),
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe(
      'Endpoint of an S3-compatible server (MinIO, Ceph); path-style addressing is then used. Default: AWS.',
    ),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .optional()
    .describe(
      'Address the bucket in the path rather than the host name. Default: true with S3_ENDPOINT, else false.',
    ),
  S3_ACCESS_KEY_ID: secret(
    z.string().min(1).optional(),
    'Access key id; with S3_SECRET_ACCESS_KEY. Unset: the SDK default chain (the pod IAM role, web identity, instance profile).',
  ),
  S3_SECRET_ACCESS_KEY: secret(z.string().min(1).optional(), 'Secret access key; with S3_ACCESS_KEY_ID.'),
  BLOB_FOLDER: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Folder of the blob store; required when BLOB_STORE=folder. Every process that reads the blobs must see it.',
    ),
};

/** For services that run BullMQ queues (`superRefine`, with `alongsideFieldIssues`): Redis with BullMQ. */
export function checkQueueEnv(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (env.JOB_QUEUE === 'bullmq' && env.REDIS_URL === undefined) {
    envIssue(ctx, 'REDIS_URL', 'required when JOB_QUEUE=bullmq (the default)');
  }
}

/** For services with a blob store (`superRefine`, with `alongsideFieldIssues`): what each kind needs. */
export function checkBlobEnv(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (env.BLOB_STORE === 's3' && env.S3_BUCKET === undefined) {
    envIssue(ctx, 'S3_BUCKET', 'required when BLOB_STORE=s3 (the default)');
  }
  if (env.BLOB_STORE === 'folder' && env.BLOB_FOLDER === undefined) {
    envIssue(ctx, 'BLOB_FOLDER', 'required when BLOB_STORE=folder');
  }
  const id = env.S3_ACCESS_KEY_ID !== undefined;
  const key = env.S3_SECRET_ACCESS_KEY !== undefined;
  if (id && !key) envIssue(ctx, 'S3_SECRET_ACCESS_KEY', 'required with S3_ACCESS_KEY_ID');
  if (key && !id) envIssue(ctx, 'S3_ACCESS_KEY_ID', 'required with S3_SECRET_ACCESS_KEY');
}
