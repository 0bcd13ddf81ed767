import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuthFailureLimiter,
  createApiApp,
  type EvidenceSink,
  MemoryAuthFailureLimiter,
  RedisAuthFailureLimiter,
  rawEvidenceSink,
  rawEvidenceTopic,
} from '@aims/api';
import type { BlobStore } from '@aims/blobs';
import type { Catalogue } from '@aims/catalogue';
import {
  blobReadiness,
  blobsFromEnv,
  busFromEnv,
  catalogueFromEnv,
  catalogueReadiness,
  exportQueues,
  type HarvestQueues,
  harvestQueues,
  type Logger,
  loadServedWorkspaces,
  pingRedis,
  type Running,
  redisReadiness,
  sharedRedis,
} from '@aims/service-kit';
import { httpMetrics, MeshMetrics } from '@aims/telemetry';
import { Redis } from 'ioredis';
import type { EvidenceApiEnv } from './env.js';
import { apiKeyVerifier, workspacesWithoutKeys } from './keys.js';
import { workspaceApi } from './workspace-api.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export interface EvidenceApiDeps {
  catalogue?: Catalogue;
  blobs?: BlobStore;
  metrics?: MeshMetrics;
  /** The bus posted audits, findings and corrective actions are published on (default: from EVENT_BUS). */
  bus?: ReturnType<typeof busFromEnv>;
  /** Where the warning about a missing key is said besides the log (default: stderr). */
  stderr?: { write(text: string): unknown };
}

export interface EvidenceApiRunning extends Running {
  /** The bound port of the API (useful with PORT=0). */
  readonly port: number;
  /** The workspaces served, the primary first. */
  readonly workspaces: readonly string[];
}

/**
 * Serves the evidence API and dashboard for every workspace of AIMS_CONFIG over the shared
 * catalogue (PostgreSQL) and blob store (S3): /v1 always needs a key (AIMS_API_KEY or one kept in
 * the catalogue; a key reaches only its workspace), failed authentications are counted in Redis,
 * harvest triggers and exports go to the BullMQ queues the harvesters and the exporter work.
 */
export async function startEvidenceApiService(
  env: EvidenceApiEnv,
  logger: Logger,
  signal?: AbortSignal,
  deps: EvidenceApiDeps = {},
): Promise<EvidenceApiRunning> {
  const served = await loadServedWorkspaces(env.AIMS_CONFIG, {
    library: env.CONTROL_LIBRARY,
    ...(env.CONTROL_OVERLAYS.length > 0 ? { overlays: env.CONTROL_OVERLAYS } : {}),
  });
  const workspaces = served.map((s) => s.config.workspace);
  const primary = workspaces[0] as string;
  const metrics = deps.metrics ?? new MeshMetrics({ service: 'evidence-api', defaults: false });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const blobs = deps.blobs ?? blobsFromEnv(env, 'evidence-api');
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());

    // One BullMQ connection for every workspace's harvest and export queues.
    const queueRedis = sharedRedis(env.REDIS_URL, 'evidence-api');
    closers.push(() => queueRedis.close());
    const queueOptions =
      env.JOB_QUEUE === 'bullmq'
        ? { kind: 'bullmq' as const, redis: queueRedis.get() }
        : { kind: 'embedded' as const };
    const exportsQueues = exportQueues(queueOptions);
    closers.push(() => exportsQueues.close());
    const harvests = new Map<string, HarvestQueues>();
    closers.push(() => Promise.all([...harvests.values()].map((q) => q.close())));
    const harvestQueuesFor = (workspace: string): HarvestQueues => {
      let queues = harvests.get(workspace);
      if (!queues) {
        queues = harvestQueues({ ...queueOptions, workspace });
        harvests.set(workspace, queues);
      }
      return queues;
    };

    // Failed authentications counted per client address across every instance (in Redis).
    let limiterRedis: Redis | undefined;
    let authFailures: AuthFailureLimiter;
    const limits = { max: env.AUTH_FAILURES_MAX, windowMs: env.AUTH_FAILURES_WINDOW_MS };
    if (env.JOB_QUEUE === 'bullmq' && env.REDIS_URL) {
      const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
      redis.on('error', () => undefined);
      limiterRedis = redis;
      closers.push(() => redis.quit().catch(() => redis.disconnect()));
      authFailures = new RedisAuthFailureLimiter(redis, limits);
    } else {
      authFailures = new MemoryAuthFailureLimiter(limits);
    }

    // Audits, findings and corrective actions posted to the API enter as raw evidence (Kafka).
    let evidence: EvidenceSink | undefined;
    const eventBus =
      deps.bus ??
      (env.EVENT_BUS ? busFromEnv({ ...env, EVENT_BUS: env.EVENT_BUS }, 'evidence-api') : undefined);
    if (eventBus) {
      if (!deps.bus) closers.push(() => eventBus.close());
      const rawTopic = rawEvidenceTopic(env.TOPIC_PREFIX);
      await eventBus.ensureTopics([{ topic: rawTopic }]);
      evidence = rawEvidenceSink(eventBus, rawTopic);
    }

    const shared = {
      ...(evidence ? { evidence } : {}),
      catalogue,
      blobs,
      version,
      logger,
      harvestQueuesFor,
      exportQueueFor: (workspace: string) => exportsQueues.queueFor(workspace),
      downloadSeconds: env.EXPORT_DOWNLOAD_SECONDS,
    };
    const [first, ...more] = served.map((workspace) => workspaceApi(workspace, shared));
    const pingQueues = async () => {
      await queueRedis.ping();
      if (limiterRedis) await pingRedis(limiterRedis);
    };
    const checks = {
      ...catalogueReadiness(env.DATABASE_URL, catalogue),
      ...redisReadiness(env.JOB_QUEUE, pingQueues),
      ...blobReadiness(env.BLOB_STORE, blobs),
    };
    const app = createApiApp({
      ...(first as NonNullable<typeof first>),
      moreWorkspaces: more,
      auth: apiKeyVerifier(catalogue, primary, env.AIMS_API_KEY),
      authFailures,
      before: [httpMetrics(metrics)],
      checks: { ...redisReadiness(env.JOB_QUEUE, pingQueues), ...blobReadiness(env.BLOB_STORE, blobs) },
    });
    if (env.TRUST_PROXY !== undefined) app.set('trust proxy', env.TRUST_PROXY);

    const keyless = await workspacesWithoutKeys(
      catalogue,
      workspaces,
      env.AIMS_API_KEY ? primary : undefined,
    );
    if (keyless.length > 0) {
      const warning = `no API key exists for workspace ${keyless.join(', ')}: every /v1 request for it is refused (401) until one is made with \`aims keys create\` (or AIMS_API_KEY is set for ${primary})`;
      logger.warn({ workspaces: keyless }, warning);
      (deps.stderr ?? process.stderr).write(`warning: ${warning}\n`);
    }

    const server = await listen(app, env.PORT, env.HOST);
    closers.push(() => closeServer(server));
    const port = (server.address() as AddressInfo).port;
    logger.info({ port, host: env.HOST, workspaces }, 'evidence API listening');
    return { port, workspaces, checks, stop: close };
  } catch (error) {
    await close().catch((cleanup: unknown) =>
      logger.error({ err: cleanup }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}

function listen(app: ReturnType<typeof createApiApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Requests in flight finish; idle keep-alive sockets close now, the rest after 5 s at most. */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), 5_000);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
