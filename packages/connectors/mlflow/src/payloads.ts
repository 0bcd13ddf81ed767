import { ConnectorError } from '@aims/connector-sdk';
import { z } from 'zod';

/** MLflow REST 2.0 payloads, as far as the connector reads them; checked at the edge. */
const tag = z.object({ key: z.string(), value: z.string().default('') });
const tags = z.array(tag).default([]);
const millis = z.coerce.number().int().nonnegative();

export const experimentSchema = z.object({
  experiment_id: z.string().min(1),
  name: z.string().min(1),
  lifecycle_stage: z.string().min(1),
  last_update_time: millis.optional(),
  creation_time: millis.optional(),
  artifact_location: z.string().optional(),
  tags,
});
export type MlflowExperiment = z.infer<typeof experimentSchema>;

export const datasetInputSchema = z.object({
  tags,
  dataset: z.object({
    name: z.string().min(1),
    digest: z.string().min(1),
    source_type: z.string().optional(),
    source: z.string().optional(),
    profile: z.string().optional(),
    schema: z.string().optional(),
  }),
});

export const runSchema = z.object({
  info: z.object({
    run_id: z.string().min(1),
    experiment_id: z.string().min(1),
    run_name: z.string().optional(),
    user_id: z.string().optional(),
    status: z.string().min(1),
    start_time: millis.optional(),
    end_time: millis.optional(),
    lifecycle_stage: z.string().min(1),
    artifact_uri: z.string().optional(),
  }),
  data: z
    .object({
      metrics: z
        .array(
          z.object({
            key: z.string(),
            value: z.union([z.number(), z.string()]),
            timestamp: millis.optional(),
            step: z.coerce.number().int().optional(),
          }),
        )
        .default([]),
      params: tags,
      tags,
    })
    .default({ metrics: [], params: [], tags: [] }),
  inputs: z
    .object({ dataset_inputs: z.array(datasetInputSchema).default([]) })
    .default({ dataset_inputs: [] }),
});
export type MlflowRun = z.infer<typeof runSchema>;

export const modelVersionSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  creation_timestamp: millis.optional(),
  last_updated_timestamp: millis.optional(),
  user_id: z.string().optional(),
  current_stage: z.string().optional(),
  description: z.string().optional(),
  source: z.string().optional(),
  run_id: z.string().optional(),
  status: z.string().min(1),
  status_message: z.string().optional(),
  tags,
  aliases: z.array(z.string()).optional(),
});
export type MlflowModelVersion = z.infer<typeof modelVersionSchema>;

export const registeredModelSchema = z.object({
  name: z.string().min(1),
  creation_timestamp: millis.optional(),
  last_updated_timestamp: millis.optional(),
  description: z.string().optional(),
  tags,
  aliases: z.array(z.object({ alias: z.string(), version: z.string() })).default([]),
});
export type MlflowRegisteredModel = z.infer<typeof registeredModelSchema>;

export const artifactListSchema = z.object({
  files: z
    .array(z.object({ path: z.string(), is_dir: z.boolean().default(false), file_size: millis.optional() }))
    .default([]),
  next_page_token: z.string().optional(),
});

/** Parses one payload; a malformed one fails with an error naming what and where. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new ConnectorError('malformed_payload', `MLflow ${what} is malformed (${problems})`, {
    cause: parsed.error,
  });
}

export function tagMap(list: ReadonlyArray<{ key: string; value: string }>): Record<string, string> {
  return Object.fromEntries(list.map((t) => [t.key, t.value]));
}
