import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  type ApiOptions,
  anyApiKey,
  catalogueApiKeys,
  createApiApp,
  hashApiKey,
  keyProblem,
  rawEvidenceSink,
  SCOPES,
  staticApiKeys,
} from '@aims/api';
import { FolderBlobStore } from '@aims/blobs';
import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import { defaultTopics } from '@aims/core';
import { createExportService } from '@aims/export';
import { type AnyConnector, createHarvester, startHarvestWorkers } from '@aims/harvester';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { createScheduler } from '@aims/scheduler';
import { createScorer } from '@aims/scorer';
import { kpisOrDefault, readLibraryWithOverlays } from '@aims/scoring';
// The all-in-one owns its SQLite file, so it migrates on open (services wait for `migrate`).
import {
  createBus,
  harvestQueues,
  type Logger,
  openMigratedCatalogue as openCatalogue,
} from '@aims/service-kit';
import { healthRouter, httpMetrics, instrumentBus, MeshMetrics } from '@aims/telemetry';
import { createWebhookRouter, webhookConnectorConfig } from '@aims/webhooks';
import { connectorRegistry, webhookSources } from './connectors.js';
import { FirstHarvest } from './first-harvest.js';
import type { StartSummary } from './summary.js';
import { type GapTicketSync, startGapTicketSync } from './tickets.js';
import { loadWorkspace } from './workspace.js';

export interface MeshOptions {
  /** Workspace folder (aims.yaml, overlays/, .aims/). */
  workspaceDir: string;
  /** Default <workspaceDir>/aims.yaml. */
  configFile?: string;
  /** Default <workspaceDir>/.aims. */
  dataDir?: string;
  /** Default: the bundled ISO/IEC 42001 library. */
  libraryFile?: string;
  /** Default: every YAML file in <workspaceDir>/overlays. */
  overlays?: readonly string[];
  port: number;
  host: string;
  /** Enables API-key authentication of /v1. */
  apiKey?: string;
  /** Where connector secret references (`tokenEnv: NAME`) are looked up. */
  secrets: Readonly<Record<string, string | undefined>>;
  version: string;
  logger: Logger;
  connectors?: ReadonlyMap<string, AnyConnector>;
  /** Ed25519 private key (PKCS#8 PEM) that signs export bundles; unsigned without it. */
  signingKey?: string;
}

export interface RunningMesh {
  /** Base URL of the API, dashboard and webhooks. */
  url: string;
  port: number;
  config: WorkspaceConfig;
  catalogue: Catalogue;
  /** What the first harvest of every instance that runs on start found, once it is scored. */
  firstHarvest: Promise<StartSummary>;
  /** Whether /v1 needs an API key (AIMS_API_KEY is set or the catalogue holds an active key). */
  keysRequired: boolean;
  /** The scheduled gap sync to Jira, when the config has `tickets.jira`. */
  ticketSync: GapTicketSync | undefined;
  stop(): Promise<void>;
}

/**
 * Starts every part of the pipeline in this process on embedded adapters: the in-process bus and
 * job queue, the SQLite catalogue, then normaliser, scorer, harvest workers, the scheduler (which
 * runs scheduled instances at once when they say runOnStart) and the API with the dashboard.
 */
export async function startMesh(options: MeshOptions): Promise<RunningMesh> {
  const { logger } = options;
  const connectors = options.connectors ?? connectorRegistry;
  const configFile = options.configFile ?? join(options.workspaceDir, 'aims.yaml');
  const { config, overlays } = await loadWorkspace(
    configFile,
    connectors,
    options.overlays ? { overlays: options.overlays } : {},
  );
  const library = await readLibraryWithOverlays({
    ...(options.libraryFile ? { library: options.libraryFile } : {}),
    overlays,
    libraries: config.libraries,
    managementReview: config.managementReview,
  });
  const dataDir = options.dataDir ?? join(options.workspaceDir, '.aims');
  await mkdir(dataDir, { recursive: true });

  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const catalogue = await openCatalogue(`sqlite:${join(dataDir, 'catalogue.sqlite')}`);
    stops.push(() => catalogue.close());
    const blobs = new FolderBlobStore({ root: join(dataDir, 'blobs') });
    const topics = defaultTopics;
    const metrics = new MeshMetrics({ service: 'all-in-one' });
    const bus = instrumentBus(
      createBus({ kind: 'embedded', brokers: [], clientId: 'aims-all-in-one' }),
      metrics,
      {
        harvestRunsTopic: topics.harvestRuns,
      },
    );
    stops.push(() => bus.close());
    let accepting = true;
    stops.push(async () => {
      accepting = false;
    });
    // The normaliser and scorer create the topics they read; the harvester's are created here.
    await bus.ensureTopics([{ topic: topics.raw }, { topic: topics.harvestRuns }]);

    const first = new FirstHarvest({ config, catalogue, library });
    const normaliser = createNormaliser({
      bus,
      catalogue,
      topics,
      groupId: 'aims-normaliser',
      rules: contractDecodeRules({ knownConnectors: connectors.keys() }),
      expiresAt: libraryExpiry(library),
      logger: logger.child({ part: 'normaliser' }),
      onBatchDone: (stats) => first.normalised(stats.messages),
    });
    await normaliser.start();
    stops.push(() => normaliser.stop());

    const scorer = createScorer({
      bus,
      catalogue,
      topics,
      groupId: 'aims-scorer',
      library,
      workspaces: [config.workspace],
      inventoryFor: () => config.aiSystems,
      kpisFor: () => kpisOrDefault(config.kpis),
      logger: logger.child({ part: 'scorer' }),
    });
    await scorer.start();
    stops.push(() => scorer.stop());

    const queues = harvestQueues({ kind: 'embedded', workspace: config.workspace });
    stops.push(() => queues.close());
    const harvester = createHarvester({
      bus,
      catalogue,
      topics,
      connectors,
      blobs,
      logger: logger.child({ part: 'harvester' }),
    });
    const workers = await startHarvestWorkers({
      config,
      harvester,
      queueFor: queues.queueFor,
      env: options.secrets,
      logger: logger.child({ part: 'harvester' }),
    });
    stops.push(() => Promise.all(workers.map((worker) => worker.close())));
    const scheduler = createScheduler({
      config,
      queueFor: queues.queueFor,
      logger: logger.child({ part: 'scheduler' }),
    });
    await scheduler.sync();
    const byInstance = new Map(config.connectors.map((instance) => [instance.instance, instance]));
    const webhooks = createWebhookRouter({
      bus,
      rawTopic: topics.raw,
      config,
      sources: webhookSources,
      secretFor: (instance) => {
        const name = byInstance.get(instance)?.webhookSecretEnv;
        return name ? options.secrets[name] || undefined : undefined;
      },
      connectorConfigFor: (instance) =>
        webhookConnectorConfig(byInstance.get(instance)?.config ?? {}, options.secrets),
      requestRefresh: (instance, hints) => scheduler.refresh(instance, hints),
      logger: logger.child({ part: 'webhooks' }),
      blobs,
    });

    const exportQueue = new EmbeddedJobQueue(aimsJobs);
    stops.push(() => exportQueue.close());
    const exports = createExportService({
      catalogue,
      blobs,
      library,
      workspace: config.workspace,
      organisation: config.organisation ?? config.workspace,
      toolVersion: `aims-evidence-mesh ${options.version}`,
      inventory: config.aiSystems,
      kpis: config.kpis,
      queue: exportQueue,
      knownAiSystems: async () =>
        new Set([
          ...config.aiSystems.map((system) => system.id),
          ...(await catalogue.listAiSystemSummaries(config.workspace)).map((summary) => summary.id),
        ]),
      ...(options.signingKey ? { signingKey: options.signingKey } : {}),
    });
    const exportWorker = await exports.startWorker();
    stops.push(() => exportWorker.close());
    const ticketSync = await startGapTicketSync({
      config,
      configFile,
      catalogue,
      secrets: options.secrets,
      logger: logger.child({ part: 'ticket-sync' }),
    });
    if (ticketSync) stops.push(() => ticketSync.close());
    const api: ApiOptions = {
      workspace: config.workspace,
      catalogue,
      library,
      connectors: config.connectors,
      aiSystems: config.aiSystems,
      owners: config.owners,
      kpis: config.kpis,
      ...(config.certification ? { certification: config.certification } : {}),
      version: options.version,
      harvest: scheduler,
      blobs,
      exports,
      // Audits, findings and corrective actions posted to the API enter as raw evidence.
      evidence: rawEvidenceSink(bus, topics.raw),
      onError: (error) => logger.error({ err: error }, 'request failed'),
    };
    // Keys are required once there is one: the operator's AIMS_API_KEY (every scope) or any key
    // made with `aims keys create` or the admin route, kept as hashes in the catalogue.
    const stored = catalogueApiKeys(catalogue);
    const active = (await catalogue.listApiKeys(config.workspace)).filter(
      (key) => !keyProblem(key, new Date()),
    );
    if (options.apiKey !== undefined) {
      const operator = staticApiKeys([
        {
          id: 'env:AIMS_API_KEY',
          sha256: hashApiKey(options.apiKey),
          workspace: config.workspace,
          scopes: Object.values(SCOPES),
        },
      ]);
      api.auth = anyApiKey(operator, stored);
    } else if (active.length > 0) {
      api.auth = stored;
    }
    const health = healthRouter({
      metrics,
      checks: {
        catalogue: async () => {
          await catalogue.listArtifacts({ workspace: config.workspace }, { limit: 1 });
        },
        // The folder store writes under the data folder.
        blobs: () => access(dataDir, constants.W_OK),
      },
      accepting: () => accepting,
    });
    // /health says "starting" until the first harvest is catalogued and scored, so a tool that
    // waits for it never reads a half-filled catalogue.
    let started = false;
    const starting = () =>
      started
        ? undefined
        : `the first harvest of workspace "${config.workspace}" is being catalogued and scored`;
    const server = await listen(
      createApiApp({ ...api, starting, webhooks, before: [httpMetrics(metrics), health] }),
      options.port,
      options.host,
    );
    stops.push(() => close(server));
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    stops.push(async () => first.stop());
    const firstHarvest = first.summary();
    // Nobody need wait for it: stopping early must not surface as an unhandled rejection. Failed
    // or timed out, the first harvest is over: the mesh serves what it has.
    firstHarvest.then(
      () => {
        started = true;
      },
      () => {
        started = true;
      },
    );
    return {
      url: `http://${host}:${port}`,
      port,
      config,
      catalogue,
      firstHarvest,
      keysRequired: api.auth !== undefined,
      ticketSync,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch((stopError: unknown) =>
      logger.error({ err: stopError }, 'cleanup after a failed start failed'),
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

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
