import { commonEnv, parseEnv, positiveInt, redisEnv } from '@aims/pipeline';
import { z } from 'zod';

export const gatewayEnvSchema = z.object({
  ...commonEnv,
  /** With JOB_QUEUE=bullmq and REDIS_URL set, webhooks that ask for a refresh enqueue a harvest. */
  ...redisEnv,
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Largest webhook body accepted, in bytes. */
  MAX_BODY_BYTES: positiveInt(5 * 1024 * 1024),
  /** Longest wait for the broker before answering 503. */
  PUBLISH_TIMEOUT_MS: positiveInt(8_000),
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return parseEnv('webhook-gateway', gatewayEnvSchema, env);
}
