import { type MeshMetrics, type ReadinessCheck, type ServicePhase, startHealthServer } from '@aims/telemetry';
import type { Logger } from 'pino';

/** A started service. */
export interface Running {
  /** Stops the service: drain in-flight work, commit what finished, close connections. */
  stop(): Promise<void>;
  /**
   * What must answer for the service to take work, by the name /readyz shows (`kafka`,
   * `postgres`, `redis`, `s3`); every check reaches its dependency on every GET /readyz.
   */
  checks?: Readonly<Record<string, ReadinessCheck>>;
}

/** Starts a service; `signal` aborts on SIGTERM/SIGINT, so work in flight (a start wait included) can end. */
export type StartService = (signal: AbortSignal) => Promise<Running>;

/** The process as the lifecycle sees it: signals in, an exit code out (tests pass a fake). */
export interface ServiceHost {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
  /** Where a failed start is said in plain words, beside the JSON log line. */
  stderr: { write(text: string): unknown };
}

/** Where /healthz, /readyz and /metrics are served, and the registry /metrics shows. */
export interface HealthEndpoint {
  port: number;
  host?: string;
  metrics: MeshMetrics;
  /** Per readiness check (default 2 s). */
  timeoutMs?: number;
  /** Told the bound port once listening (useful with port 0). */
  onListening?: (port: number) => void;
}

export interface RunServiceOptions {
  /**
   * Longest a stop may take before the process exits anyway with code 1. Default 9 s, so a
   * service always exits within 10 s of SIGTERM (Kubernetes waits 30 s before SIGKILL).
   */
  graceMs?: number;
  host?: ServiceHost;
  /**
   * Serve the health endpoints from before the start until the exit: /healthz answers at once
   * (so a service waiting for its catalogue is alive), /readyz is 503 `starting` until the start
   * resolved, then runs the service's `checks`, and is 503 `draining` once a signal arrived.
   */
  health?: HealthEndpoint;
}

/**
 * `work`, or a rejection with the signal's reason as soon as `signal` aborts: a start step that
 * waits on a dependency (BullMQ on a Redis that does not answer, Kafka metadata) gives up on
 * SIGTERM instead of running out the stop budget. The work itself goes on; release what it holds.
 */
export function orAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Default stop budget: inside the 10 s in which every service promises to exit. */
export const DEFAULT_GRACE_MS = 9_000;

/**
 * Runs a service until SIGTERM or SIGINT. The signal aborts the `signal` given to `start`, then
 * `stop()` drains it; the process exits 0 when that finished, 1 when it failed or took longer than
 * `graceMs`. A signal during start aborts the start and exits 0 once it gave up. A failed start
 * exits 1 after logging what went wrong; a second signal exits 1 at once. With `health`, the
 * health endpoints are up before `start` is called and until the exit.
 */
export async function runService(
  logger: Logger,
  start: StartService,
  options: number | RunServiceOptions = {},
): Promise<void> {
  const {
    graceMs = DEFAULT_GRACE_MS,
    host = process,
    health,
  } = typeof options === 'number' ? { graceMs: options } : options;
  const controller = new AbortController();
  let running: Running | undefined;
  let stopping = false;
  let phase: ServicePhase = 'starting';
  // Filled in with the service's checks once it started; the health routes read it per request.
  const checks: Record<string, ReadinessCheck> = {};
  let closeHealth: (() => Promise<void>) | undefined;
  // A service runs until it is told to stop, even one with nothing pending (the embedded bus).
  const keepAlive = setInterval(() => {}, 1 << 30);
  let deadline: NodeJS.Timeout | undefined;
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    clearInterval(keepAlive);
    clearTimeout(deadline);
    if (!closeHealth) host.exit(code);
    else
      void closeHealth()
        .catch(() => undefined)
        .finally(() => host.exit(code));
  };

  const stop = async () => {
    if (!running) return; // still starting: the start sees the abort and gives up
    try {
      await running.stop();
      logger.info('stopped');
      exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      exit(1);
    }
  };
  const onSignal = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    phase = 'draining';
    logger.info({ signal, graceMs }, 'stopping');
    controller.abort(new Error(`${signal} received`));
    deadline = setTimeout(() => {
      logger.error({ graceMs }, 'stop took too long; exiting');
      exit(1);
    }, graceMs);
    deadline.unref();
    void stop();
  };
  host.once('SIGTERM', () => onSignal('SIGTERM'));
  host.once('SIGINT', () => onSignal('SIGINT'));

  if (health) {
    const where = `${health.host ?? '0.0.0.0'}:${health.port}`;
    try {
      const server = await startHealthServer({
        metrics: health.metrics,
        checks,
        phase: () => phase,
        port: health.port,
        ...(health.host ? { host: health.host } : {}),
        ...(health.timeoutMs ? { timeoutMs: health.timeoutMs } : {}),
      });
      closeHealth = server.close;
      logger.info({ port: server.port, host: health.host ?? '0.0.0.0' }, 'health endpoints listening');
      health.onListening?.(server.port);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      const message = `HEALTH_PORT: cannot listen on ${where} (${reason})`;
      logger.fatal({ err: error }, `service failed to start: ${message}`);
      host.stderr.write(`${message}\n`);
      exit(1);
      return;
    }
  }

  try {
    running = await start(controller.signal);
  } catch (error) {
    if (stopping) {
      logger.info('stopped while starting');
      exit(0);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : undefined;
    logger.fatal({ err: error, ...(code ? { code } : {}) }, `service failed to start: ${message}`);
    host.stderr.write(`${message}\n`);
    exit(1);
    return;
  }
  Object.assign(checks, running.checks ?? {});
  logger.info({ checks: Object.keys(checks) }, 'service started');
  if (stopping) await stop();
  else phase = 'running';
}
