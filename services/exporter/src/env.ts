import {
  alongsideFieldIssues,
  blobEnv,
  catalogueEnv,
  checkBlobEnv,
  checkQueueEnv,
  envIssue,
  libraryEnv,
  parseEnv,
  redisEnv,
  secret,
  serviceEnv,
  workspacesEnv,
} from '@aims/service-kit';
import { z } from 'zod';

/** The exporter's environment (infra/deploy/ENV.md shows every variable). */
export const exporterEnvSchema = z
  .object({
    ...serviceEnv,
    ...workspacesEnv,
    ...catalogueEnv,
    ...redisEnv,
    ...blobEnv,
    ...libraryEnv,
    AIMS_SIGNING_KEY_FILE: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Ed25519 private key (PKCS#8 PEM file, from `aims keys init`; the chart mounts it from a Secret) that signs every bundle. Without it or AIMS_SIGNING_KEY, bundles are built unsigned and say so.',
      ),
    AIMS_SIGNING_KEY: secret(
      z.string().min(1).optional(),
      'The signing key as PEM text instead of a file; removed from the process environment once read. Not with AIMS_SIGNING_KEY_FILE.',
    ),
    EXPORT_DRAIN_MS: z.coerce
      .number()
      .int()
      .min(0)
      .max(8_000)
      .default(5_000)
      .describe(
        'On SIGTERM, how long the bundle being built may take to finish; one that takes longer is abandoned and its job queued again, to be rebuilt from the start by the next exporter (the same bundle: it is of the workspace as of its asOf). At most 8000, inside the 10 s stop. Default 5000.',
      ),
  })
  .superRefine(checkQueueEnv, alongsideFieldIssues)
  .superRefine(checkBlobEnv, alongsideFieldIssues)
  .superRefine((env, ctx) => {
    if (env.AIMS_SIGNING_KEY_FILE !== undefined && env.AIMS_SIGNING_KEY !== undefined)
      envIssue(ctx, 'AIMS_SIGNING_KEY', 'give AIMS_SIGNING_KEY_FILE or AIMS_SIGNING_KEY, not both');
  }, alongsideFieldIssues);

export type ExporterEnv = z.output<typeof exporterEnvSchema>;

export function loadExporterEnv(env: NodeJS.ProcessEnv = process.env): ExporterEnv {
  return parseEnv('exporter', exporterEnvSchema, env);
}

/** Parses the environment and removes AIMS_SIGNING_KEY from it: the key stays in this process only. */
export function takeExporterEnv(env: NodeJS.ProcessEnv = process.env): ExporterEnv {
  const parsed = loadExporterEnv(env);
  delete env.AIMS_SIGNING_KEY;
  return parsed;
}
