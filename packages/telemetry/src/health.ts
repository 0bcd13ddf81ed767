import { createServer, type Server } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import type { MeshMetrics } from './metrics.js';

/** Resolves when the dependency is reachable; throws (with a reason) when it is not. */
export type ReadinessCheck = () => Promise<void>;

/** Where a service is in its life: readiness is only ever given while `running`. */
export type ServicePhase = 'starting' | 'running' | 'draining';

export interface HealthOptions {
  metrics: MeshMetrics;
  /**
   * What must answer for the service to take work: its Kafka, Redis, PostgreSQL, S3… Read on
   * every request, so an owner may fill the record in once the service has started.
   */
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** Per check (default 2 s): a dependency that hangs is as unready as one that refuses. */
  timeoutMs?: number;
  /** False once the service is draining: it stays alive but takes no new work. */
  accepting?: () => boolean;
  /**
   * The service's phase (default: running, or draining once `accepting` says false). While
   * `starting` or `draining`, /readyz answers 503 with that status (the checks still run and say
   * how each dependency is).
   */
  phase?: () => ServicePhase;
}

/** What /readyz answers: ready, or not and why (the phase, or each check that is down). */
export interface Readiness {
  ready: boolean;
  status: 'ready' | 'not_ready' | 'starting' | 'draining';
  checks: Record<string, { status: 'ok' | 'down'; message?: string }>;
}

/** An error's message with its causes' (`publish failed: connect ECONNREFUSED …`), shortened. */
function reasonOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message && !parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ').slice(0, 300);
}

function withTimeout(check: ReadinessCheck, ms: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function phaseOf(options: HealthOptions): ServicePhase {
  if (options.phase) return options.phase();
  return (options.accepting?.() ?? true) ? 'running' : 'draining';
}

/**
 * Runs every check at once; the result names each dependency and why it is down. A service that
 * is starting or draining is not ready whatever its dependencies say.
 */
export async function readiness(options: HealthOptions): Promise<Readiness> {
  const timeout = options.timeoutMs ?? 2000;
  const entries = await Promise.all(
    Object.entries(options.checks).map(async ([name, check]) => {
      try {
        await withTimeout(check, timeout);
        options.metrics.up.set({ check: name }, 1);
        return [name, { status: 'ok' as const }] as const;
      } catch (error) {
        options.metrics.up.set({ check: name }, 0);
        return [name, { status: 'down' as const, message: reasonOf(error) }] as const;
      }
    }),
  );
  // Read after the checks: draining may have begun while they ran.
  const phase = phaseOf(options);
  if (phase !== 'running') return { ready: false, status: phase, checks: Object.fromEntries(entries) };
  const ready = entries.every(([, result]) => result.status === 'ok');
  return { ready, status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(entries) };
}

/**
 * `GET /healthz` (the process is alive), `GET /readyz` (its dependencies answer; 503 naming the
 * ones that do not, and while starting or draining) and `GET /metrics` (Prometheus text format).
 */
export function healthRouter(options: HealthOptions): Router {
  const router = express.Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    const result = await readiness(options);
    res
      .status(result.ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: result.status, checks: result.checks });
  });
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.set('Content-Type', options.metrics.contentType).send(await options.metrics.text());
  });
  return router;
}

/** A server of its own for the health routes (services without an HTTP API of their own). */
export async function startHealthServer(
  options: HealthOptions & { port: number; host?: string },
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(options));
  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: { code: 'not_found', message: 'only /healthz, /readyz and /metrics are served here' } });
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
