import { readFileSync } from 'node:fs';
import type { BlobStore } from '@aims/blobs';
import type { Catalogue } from '@aims/catalogue';
import type { JobWorker } from '@aims/queue';
import {
  blobReadiness,
  blobsFromEnv,
  catalogueFromEnv,
  catalogueReadiness,
  type ExportQueues,
  exportQueues,
  type Logger,
  loadServedWorkspaces,
  type Running,
  redisReadiness,
} from '@aims/service-kit';
import { MeshMetrics } from '@aims/telemetry';
import type { ExporterEnv } from './env.js';
import { startExportWorker } from './export-worker.js';
import { signingKeyFrom } from './signing-key.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export interface ExporterDeps {
  catalogue?: Catalogue;
  blobs?: BlobStore;
  /** The export queues (in-process tests share embedded ones with the API side); its owner closes them. */
  queues?: ExportQueues;
  metrics?: MeshMetrics;
}

export interface ExporterRunning extends Running {
  /** The workspaces whose export queues it works. */
  readonly workspaces: readonly string[];
  /** The id of the key bundles are signed with; undefined: they are unsigned. */
  readonly signingKeyId: string | undefined;
}

/**
 * Works the export queue of every workspace of AIMS_CONFIG (the queues the evidence API enqueues
 * on): each queued export is built, as of its instant, into the blob store and signed with the
 * configured key, or marked unsigned without one. See `startExportWorker` for what a stop does.
 */
export async function startExporterService(
  env: ExporterEnv,
  logger: Logger,
  signal?: AbortSignal,
  deps: ExporterDeps = {},
): Promise<ExporterRunning> {
  const signingKey = signingKeyFrom(env);
  const served = await loadServedWorkspaces(env.AIMS_CONFIG, {
    library: env.CONTROL_LIBRARY,
    ...(env.CONTROL_OVERLAYS.length > 0 ? { overlays: env.CONTROL_OVERLAYS } : {}),
  });
  const metrics = deps.metrics ?? new MeshMetrics({ service: 'exporter', defaults: false });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const blobs = deps.blobs ?? blobsFromEnv(env, 'exporter');
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());
    const queues = deps.queues ?? exportQueues({ kind: env.JOB_QUEUE, redisUrl: env.REDIS_URL });
    if (!deps.queues) closers.push(() => queues.close());
    if (!signingKey)
      logger.warn('no AIMS_SIGNING_KEY_FILE or AIMS_SIGNING_KEY: bundles are built unsigned and say so');
    const workers: JobWorker[] = [];
    // Workers close before the queues (closed above, in reverse): a stop may queue a job again.
    closers.push(() => Promise.all(workers.map((worker) => worker.close())));
    for (const { config, library } of served) {
      const workspace = config.workspace;
      workers.push(
        await startExportWorker({
          catalogue,
          blobs,
          library,
          workspace,
          organisation: config.organisation ?? workspace,
          toolVersion: `aims-evidence-mesh ${version}`,
          inventory: config.aiSystems,
          kpis: config.kpis,
          ...(signingKey ? { signingKey: signingKey.pem } : {}),
          queue: queues.queueFor(workspace),
          drainMs: env.EXPORT_DRAIN_MS,
          metrics,
          logger: logger.child({ workspace }),
        }),
      );
    }
    const workspaces = served.map((s) => s.config.workspace);
    logger.info(
      { workspaces, signingKeyId: signingKey?.keyId ?? null },
      'exporter working the export queues',
    );
    return {
      workspaces,
      signingKeyId: signingKey?.keyId,
      checks: {
        ...catalogueReadiness(env.DATABASE_URL, catalogue),
        ...redisReadiness(env.JOB_QUEUE, () => queues.ping()),
        ...blobReadiness(env.BLOB_STORE, blobs),
      },
      stop: close,
    };
  } catch (error) {
    await close().catch((cleanup: unknown) =>
      logger.error({ err: cleanup }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}
