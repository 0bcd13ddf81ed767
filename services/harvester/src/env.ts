import {
  alongsideFieldIssues,
  blobEnv,
  catalogueEnv,
  checkBlobEnv,
  checkKafkaEnv,
  checkQueueEnv,
  commonEnv,
  kafkaEnv,
  parseEnv,
  positiveInt,
  redisEnv,
} from '@aims/service-kit';
import { z } from 'zod';

/** The harvester's environment (infra/deploy/ENV.md shows every variable). */
export const harvesterEnvSchema = z
  .object({
    ...commonEnv,
    ...kafkaEnv,
    ...catalogueEnv,
    ...redisEnv,
    ...blobEnv,
    PUBLISH_BATCH_SIZE: positiveInt(500).describe('Raw records per Kafka batch. Default 500.'),
    CHECKPOINT_EVERY: positiveInt(1000).describe(
      'Records between cursor commits (each after Kafka acknowledged the records before it). Default 1000.',
    ),
  })
  .superRefine(checkKafkaEnv, alongsideFieldIssues)
  .superRefine(checkQueueEnv, alongsideFieldIssues)
  .superRefine(checkBlobEnv, alongsideFieldIssues);

export type HarvesterEnv = z.output<typeof harvesterEnvSchema>;

export function loadHarvesterEnv(env: NodeJS.ProcessEnv = process.env): HarvesterEnv {
  return parseEnv('harvester', harvesterEnvSchema, env);
}
