import { z } from 'zod';

/** Comma-separated values, trimmed, empty items dropped. */
export const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

/** A positive integer variable with a default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `true`/`false` (also 1/0, yes/no), with a default. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A TCP port (0: any free one). */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

/** The port and interface of /healthz, /readyz and /metrics, which every service serves. */
export const healthEnv = {
  HEALTH_PORT: port(9464).describe(
    'Port of GET /healthz (alive), /readyz (its dependencies answer) and /metrics (Prometheus); 0 picks a free one. Listening starts before anything else, so /healthz answers while the service waits for its catalogue. Default 9464.',
  ),
  HEALTH_HOST: z
    .string()
    .min(1)
    .default('0.0.0.0')
    .describe(
      'Interface of the health and metrics endpoints. Default 0.0.0.0 (the kubelet and Prometheus reach the pod).',
    ),
};

/** LOG_LEVEL and the health endpoints: what every service reads. */
export const serviceEnv = {
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino level of the JSON log lines on stdout. Default info.'),
  ...healthEnv,
};

/** Variables every pipeline service shares: the service's own, and its one workspace config. */
export const commonEnv = {
  ...serviceEnv,
  AIMS_CONFIG: z
    .string()
    .min(1)
    .default('aims.yaml')
    .describe(
      'Workspace config YAML (workspace id, connector instances, AI systems). Relative paths inside it (a local-folder root, the overlays/ folder) are resolved against the folder holding it. Default aims.yaml.',
    ),
};

/** AIMS_CONFIG as a list, for the services that serve several workspaces in one process. */
export const workspacesEnv = {
  AIMS_CONFIG: csv
    .pipe(z.array(z.string()).min(1, 'must name at least one workspace config file'))
    .default(['aims.yaml'])
    .describe(
      'Comma-separated workspace config files; one process serves every workspace listed (the first is the primary: AIMS_API_KEY belongs to it). Relative paths inside each are resolved against its folder, and each has its own overlays/. Default aims.yaml.',
    ),
};

/** An HTTP listener of the service's own routes (the evidence API, webhooks). */
export const httpEnv = {
  PORT: port(8080).describe('Port of the HTTP routes; 0 picks a free one. Default 8080.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface of the HTTP routes. Default 0.0.0.0.'),
};

export const libraryEnv = {
  CONTROL_LIBRARY: z
    .string()
    .min(1)
    .optional()
    .describe('Control library YAML. Default: the bundled ISO/IEC 42001 Annex A library.'),
  CONTROL_OVERLAYS: csv
    .default([])
    .describe(
      'Comma-separated overlay files (organisation overrides, Statement of Applicability), for every workspace served. Default: the YAML files of the overlays/ folder next to each workspace config.',
    ),
};

/**
 * `superRefine` params that run a cross-variable check even when single variables failed, so one
 * EnvError names every bad variable: `.superRefine(checkKafkaEnv, alongsideFieldIssues)`.
 */
export const alongsideFieldIssues = { when: () => true } as const;

/** Adds an issue naming `variable` to a `superRefine` context. */
export function envIssue(ctx: z.RefinementCtx, variable: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message });
}
