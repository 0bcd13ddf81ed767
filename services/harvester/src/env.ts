import { catalogueEnv, commonEnv, parseEnv, positiveInt, redisEnv } from '@aims/pipeline';
import { z } from 'zod';

export const harvesterEnvSchema = z.object({
  ...commonEnv,
  ...catalogueEnv,
  ...redisEnv,
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  /** Raw records per Kafka batch. */
  PUBLISH_BATCH_SIZE: positiveInt(500),
  /** Records between cursor commits. */
  CHECKPOINT_EVERY: positiveInt(1000),
});

export type HarvesterEnv = z.output<typeof harvesterEnvSchema>;

export function loadHarvesterEnv(env: NodeJS.ProcessEnv = process.env): HarvesterEnv {
  return parseEnv('harvester', harvesterEnvSchema, env);
}
