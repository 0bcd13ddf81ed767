import {
  alongsideFieldIssues,
  catalogueEnv,
  checkKafkaEnv,
  commonEnv,
  kafkaEnv,
  libraryEnv,
  parseEnv,
} from '@aims/service-kit';
import { z } from 'zod';

/** The scorer's environment (infra/deploy/ENV.md shows every variable). */
export const scorerEnvSchema = z
  .object({
    ...commonEnv,
    ...kafkaEnv,
    ...catalogueEnv,
    ...libraryEnv,
    SCORER_GROUP: z
      .string()
      .min(1)
      .default('aims-scorer')
      .describe(
        'Consumer group of the scorer (prefixed by TOPIC_PREFIX; the harvest-run topic is read as <group>-runs). Run one active instance: it keeps every artifact in memory. Default aims-scorer.',
      ),
  })
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

export type ScorerEnv = z.output<typeof scorerEnvSchema>;

export function loadScorerEnv(env: NodeJS.ProcessEnv = process.env): ScorerEnv {
  return parseEnv('scorer', scorerEnvSchema, env);
}
