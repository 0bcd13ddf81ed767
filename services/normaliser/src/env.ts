import {
  alongsideFieldIssues,
  catalogueEnv,
  checkKafkaEnv,
  commonEnv,
  csv,
  kafkaEnv,
  libraryEnv,
  parseEnv,
  positiveInt,
} from '@aims/service-kit';
import { z } from 'zod';

/** The normaliser's environment (infra/deploy/ENV.md shows every variable). */
export const normaliserEnvSchema = z
  .object({
    ...commonEnv,
    ...kafkaEnv,
    ...catalogueEnv,
    ...libraryEnv,
    NORMALISER_GROUP: z
      .string()
      .min(1)
      .default('aims-normaliser')
      .describe(
        'Consumer group shared by every normaliser instance (prefixed by TOPIC_PREFIX). Default aims-normaliser.',
      ),
    MAX_RECORD_BYTES: positiveInt(256 * 1024).describe(
      'Raw records larger than this many bytes are dead-lettered. Default 262144 (keep it equal to the webhook gateway).',
    ),
    PARTITIONS_CONCURRENCY: positiveInt(6).describe(
      'Partitions one instance processes at the same time. Default 6.',
    ),
    KNOWN_CONNECTORS: csv
      .default(['github', 'jira', 's3', 'mlflow', 'local-folder'])
      .describe(
        'Comma-separated connector ids accepted in raw records; others are dead-lettered. Default: the five built in.',
      ),
  })
  .superRefine(checkKafkaEnv, alongsideFieldIssues);

export type NormaliserEnv = z.output<typeof normaliserEnvSchema>;

export function loadNormaliserEnv(env: NodeJS.ProcessEnv = process.env): NormaliserEnv {
  return parseEnv('normaliser', normaliserEnvSchema, env);
}
