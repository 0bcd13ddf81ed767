import { RAW_RECORD_MAX_BYTES } from '@aims/core';
import {
  alongsideFieldIssues,
  checkKafkaEnv,
  commonEnv,
  httpEnv,
  kafkaEnv,
  parseEnv,
  positiveInt,
  redisEnv,
} from '@aims/service-kit';
import { z } from 'zod';

/** The webhook gateway's environment (infra/deploy/ENV.md shows every variable). */
export const gatewayEnvSchema = z
  .object({
    ...commonEnv,
    ...kafkaEnv,
    // With JOB_QUEUE=bullmq and REDIS_URL set, webhooks that ask for a refresh enqueue a harvest.
    ...redisEnv,
    ...httpEnv,
    MAX_BODY_BYTES: positiveInt(5 * 1024 * 1024).describe(
      'Largest webhook body accepted, in bytes. Default 5 MiB.',
    ),
    MAX_RECORD_BYTES: positiveInt(RAW_RECORD_MAX_BYTES).describe(
      "Largest raw record a delivery may map to; keep it equal to the normaliser's MAX_RECORD_BYTES. Default 262144.",
    ),
    PUBLISH_TIMEOUT_MS: positiveInt(8_000).describe(
      "Longest wait for the broker before answering 503 (inside GitHub's 10 s). Default 8000.",
    ),
  })
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv('webhook-gateway', gatewayEnvSchema, env);
}
