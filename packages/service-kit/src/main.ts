import { MeshMetrics } from '@aims/telemetry';
import { EnvError } from './env/parse.js';
import { type Running, runService } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';

/** What `serviceMain` hands every service besides its env and logger. */
export interface ServiceContext {
  /** The process's metric families (`aims_…`), served on /metrics; instrument the bus with them. */
  metrics: MeshMetrics;
}

/** The variables `serviceMain` itself reads (`serviceEnv`). */
export interface ServiceMainEnv {
  LOG_LEVEL: string;
  /** Absent: no health endpoints (a schema without `serviceEnv`). */
  HEALTH_PORT?: number;
  HEALTH_HOST?: string;
}

export interface ServiceMainOptions<E extends ServiceMainEnv> {
  /** Service name: the logger's `service` field, the metrics' `service` label and the prefix of messages. */
  service: string;
  /** Parses the environment once (the service's zod schema); throws EnvError naming every bad variable. */
  loadEnv(env: NodeJS.ProcessEnv): E;
  /**
   * Builds the service's dependencies and starts it; stop work in flight when `signal` aborts.
   * Return the readiness checks of what it depends on with `Running.checks`.
   */
  start(env: E, logger: Logger, signal: AbortSignal, context: ServiceContext): Promise<Running>;
  graceMs?: number;
}

/**
 * A service's `main`: parse env (a bad or missing variable prints every one by name, never a
 * value, and exits 1 without a stack trace), create the logger and the metrics, start the health
 * endpoints on HEALTH_PORT, then `runService`.
 */
export async function serviceMain<E extends ServiceMainEnv>(options: ServiceMainOptions<E>): Promise<void> {
  let env: E;
  try {
    env = options.loadEnv(process.env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(options.service, { level: env.LOG_LEVEL });
  const metrics = new MeshMetrics({ service: options.service });
  await runService(logger, (signal) => options.start(env, logger, signal, { metrics }), {
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    ...(env.HEALTH_PORT === undefined
      ? {}
      : {
          health: { port: env.HEALTH_PORT, metrics, ...(env.HEALTH_HOST ? { host: env.HEALTH_HOST } : {}) },
        }),
  });
}
