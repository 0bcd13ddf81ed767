import { catalogueEnv, commonEnv, libraryEnv, parseEnv } from '@aims/pipeline';
import { z } from 'zod';

export const scorerEnvSchema = z.object({
  ...commonEnv,
  ...catalogueEnv,
  ...libraryEnv,
  /** Consumer group of the scorer. Run one active instance: it keeps every artifact in memory. */
  SCORER_GROUP: z.string().min(1).default('aims-scorer'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
});

export type ScorerEnv = z.output<typeof scorerEnvSchema>;

export function loadScorerEnv(env: NodeJS.ProcessEnv = process.env): ScorerEnv {
  return parseEnv('scorer', scorerEnvSchema, env);
}
