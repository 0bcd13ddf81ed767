import { z } from 'zod';

/** An env var problem; the message lists every offending variable (never their values). */
export class EnvError extends Error {
  readonly code = 'env_invalid';
  constructor(
    readonly service: string,
    readonly issues: readonly { variable: string; message: string }[],
  ) {
    super(
      `${service}: invalid environment\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`,
    );
    this.name = 'EnvError';
  }
}

/** Parses `env` once with a zod object schema whose keys are variable names. */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new EnvError(
    service,
    result.error.issues.map((i) => ({
      variable: i.path.map(String).join('.') || '(env)',
      message: i.message,
    })),
  );
}

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0),
);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Variables every pipeline service shares. */
export const commonEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `kafka` (default) or `embedded` (in-process, single-process deployments and tests). */
  EVENT_BUS: z.enum(['kafka', 'embedded']).default('kafka'),
  KAFKA_BROKERS: csv.optional(),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Prefix for every topic name (isolated environments); empty for the contract names. */
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/)
    .optional(),
  /** Workspace config YAML (workspace id, connector instances). */
  AIMS_CONFIG: z.string().min(1).default('aims.yaml'),
};

/** Catalogue location: a postgres:// URL, or `sqlite:<path>` for the embedded store. */
export const catalogueEnv = {
  DATABASE_URL: z.string().regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must be postgres://… or sqlite:<path>'),
};

export const redisEnv = {
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be redis://… or rediss://…')
    .optional(),
  /** `bullmq` (default) or `embedded`. */
  JOB_QUEUE: z.enum(['bullmq', 'embedded']).default('bullmq'),
};

export const libraryEnv = {
  /** Control library YAML; default: the bundled ISO/IEC 42001 library. */
  CONTROL_LIBRARY: z.string().min(1).optional(),
  /** Comma-separated overlay files (organisation overrides, Statement of Applicability). */
  CONTROL_OVERLAYS: csv.default([]),
};

export { positiveInt };

/** Kafka brokers must be set when the bus is Kafka. */
export function requireBrokers(env: { EVENT_BUS: string; KAFKA_BROKERS?: string[] | undefined }): string[] {
  if (env.EVENT_BUS === 'kafka' && (!env.KAFKA_BROKERS || env.KAFKA_BROKERS.length === 0)) {
    throw new EnvError('service', [{ variable: 'KAFKA_BROKERS', message: 'required when EVENT_BUS=kafka' }]);
  }
  return env.KAFKA_BROKERS ?? [];
}
