import { catalogueEnv, commonEnv, libraryEnv, parseEnv, positiveInt } from '@aims/pipeline';
import { z } from 'zod';

export const normaliserEnvSchema = z.object({
  ...commonEnv,
  ...catalogueEnv,
  ...libraryEnv,
  /** Consumer group shared by every normaliser instance. */
  NORMALISER_GROUP: z.string().min(1).default('aims-normaliser'),
  /** Raw records above this many bytes are dead-lettered. */
  MAX_RECORD_BYTES: positiveInt(256 * 1024),
  /** Partitions processed at the same time by one instance. */
  PARTITIONS_CONCURRENCY: positiveInt(6),
  /** Connector ids accepted in raw records. */
  KNOWN_CONNECTORS: z
    .string()
    .default('github,jira,s3,mlflow,local-folder')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  /** PostgreSQL schema of the catalogue (tests use one per run). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
});

export type NormaliserEnv = z.output<typeof normaliserEnvSchema>;

export function loadNormaliserEnv(env: NodeJS.ProcessEnv = process.env): NormaliserEnv {
  return parseEnv('normaliser', normaliserEnvSchema, env);
}
