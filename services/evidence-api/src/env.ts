import { createHash } from 'node:crypto';
import {
  alongsideFieldIssues,
  blobEnv,
  catalogueEnv,
  checkBlobEnv,
  checkKafkaEnv,
  checkQueueEnv,
  httpEnv,
  kafkaEnv,
  libraryEnv,
  parseEnv,
  positiveInt,
  redisEnv,
  secret,
  serviceEnv,
  workspacesEnv,
} from '@aims/service-kit';
import { z } from 'zod';

/** express's `trust proxy`: true/false, a hop count, or addresses and subnets (`loopback, 10.0.0.0/8`). */
const trustProxy = z
  .string()
  .min(1)
  .transform((value): boolean | number | string => {
    if (value === 'true' || value === 'false') return value === 'true';
    return /^\d+$/.test(value) ? Number(value) : value;
  });

/** The evidence API's environment (infra/deploy/ENV.md shows every variable). */
export const evidenceApiEnvSchema = z
  .object({
    ...serviceEnv,
    ...workspacesEnv,
    ...httpEnv,
    ...catalogueEnv,
    ...redisEnv,
    ...blobEnv,
    ...libraryEnv,
    ...kafkaEnv,
    // Optional here: the bus only carries the audits, findings and corrective actions posted to
    // the API (to the raw topic); without it those POSTs answer 501.
    EVENT_BUS: z
      .enum(['kafka', 'embedded'])
      .optional()
      .describe(
        'kafka (or embedded, for tests): where audits, findings and corrective actions posted to the API are published (the raw topic, TOPIC_PREFIX applies). Unset: those POSTs answer 501.',
      ),
    // Hashed while the environment is parsed: the raw key is never kept (main.ts also removes it
    // from the process environment).
    AIMS_API_KEY: secret(
      z
        .string()
        .min(16, 'must be at least 16 characters')
        .transform((key) => ({ sha256: createHash('sha256').update(key, 'utf8').digest('hex') }))
        .optional(),
      'An operator key with every scope, bound to the first workspace of AIMS_CONFIG; only its SHA-256 is kept and the variable is removed from the process environment. Keys made with `aims keys create` (kept as hashes in the catalogue) are always accepted too. With no key at all, every /v1 request is refused with 401 and the service warns at start.',
    ),
    TRUST_PROXY: trustProxy
      .optional()
      .describe(
        "express's trust proxy behind a load balancer or ingress, so failed authentications are counted per client address: true, a hop count (1), or addresses and subnets (loopback, 10.0.0.0/8). Default: unset, the peer address counts.",
      ),
    AUTH_FAILURES_MAX: positiveInt(20).describe(
      'Failed authentications one client address may make per window before it gets 429 (counted in Redis, across every instance). Default 20.',
    ),
    AUTH_FAILURES_WINDOW_MS: positiveInt(60_000).describe('The window of AUTH_FAILURES_MAX. Default 60000.'),
    EXPORT_DOWNLOAD_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(604_800)
      .default(900)
      .describe('How long the presigned S3 URL of a finished export bundle stays valid. Default 900.'),
  })
  .superRefine(checkQueueEnv, alongsideFieldIssues)
  .superRefine(checkBlobEnv, alongsideFieldIssues)
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

export type EvidenceApiEnv = z.output<typeof evidenceApiEnvSchema>;

export function loadEvidenceApiEnv(env: NodeJS.ProcessEnv = process.env): EvidenceApiEnv {
  return parseEnv('evidence-api', evidenceApiEnvSchema, env);
}

/**
 * Parses the environment and removes AIMS_API_KEY from it at once: only its hash was kept, so
 * child processes and diagnostics never see the raw key.
 */
export function takeEvidenceApiEnv(env: NodeJS.ProcessEnv = process.env): EvidenceApiEnv {
  const parsed = loadEvidenceApiEnv(env);
  delete env.AIMS_API_KEY;
  return parsed;
}
