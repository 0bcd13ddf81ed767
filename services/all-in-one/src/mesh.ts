import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ApiOptions, createApiApp, hashApiKey, SCOPES, staticApiKeys } from '@aims/api';
import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import {
  type AnyConnector,
  contractDecodeRules,
  createBus,
  createHarvester,
  createNormaliser,
  createScheduler,
  createScorer,
  createWebhookRouter,
  defaultTopics,
  githubWebhookSource,
  harvestQueues,
  jiraWebhookSource,
  type Logger,
  libraryExpiry,
  openCatalogue,
  startHarvestWorkers,
  webhookConnectorConfig,
} from '@aims/pipeline';
import { readLibraryWithOverlays } from '@aims/scoring';
import { connectorRegistry } from './connectors.js';
import { FirstHarvest } from './first-harvest.js';
import type { StartSummary } from './summary.js';
import { loadWorkspace, overlayFiles } from './workspace.js';

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
}

export interface RunningMesh {
  /** Base URL of the API, dashboard and webhooks. */
  url: string;
  port: number;
  config: WorkspaceConfig;
  catalogue: Catalogue;
  /** What the first harvest of every instance that runs on start found, once it is scored. */
  firstHarvest: Promise<StartSummary>;
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
  const config = await loadWorkspace(
    options.configFile ?? join(options.workspaceDir, 'aims.yaml'),
    connectors,
  );
  const overlays = options.overlays ?? (await overlayFiles(join(options.workspaceDir, 'overlays')));
  const library = await readLibraryWithOverlays({
    ...(options.libraryFile ? { library: options.libraryFile } : {}),
    overlays,
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
    const bus = createBus({ kind: 'embedded', brokers: [], clientId: 'aims-all-in-one' });
    stops.push(() => bus.close());
    const topics = defaultTopics;
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
      sources: [githubWebhookSource, jiraWebhookSource],
      secretFor: (instance) => {
        const name = byInstance.get(instance)?.webhookSecretEnv;
        return name ? options.secrets[name] || undefined : undefined;
      },
      connectorConfigFor: (instance) =>
        webhookConnectorConfig(byInstance.get(instance)?.config ?? {}, options.secrets),
      requestRefresh: (instance, hints) => scheduler.refresh(instance, hints),
      logger: logger.child({ part: 'webhooks' }),
    });

    const api: ApiOptions = {
      workspace: config.workspace,
      catalogue,
      library,
      connectors: config.connectors,
      aiSystems: config.aiSystems,
      owners: config.owners,
      version: options.version,
      harvest: scheduler,
      onError: (error) => logger.error({ err: error }, 'request failed'),
    };
    if (options.apiKey !== undefined) {
      api.auth = staticApiKeys([
        {
          id: 'env:AIMS_API_KEY',
          sha256: hashApiKey(options.apiKey),
          workspace: config.workspace,
          scopes: [SCOPES.read, SCOPES.harvest],
        },
      ]);
    }
    const server = await listen(createApiApp({ ...api, webhooks }), options.port, options.host);
    stops.push(() => close(server));
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    stops.push(async () => first.stop());
    const firstHarvest = first.summary();
    return { url: `http://${host}:${port}`, port, config, catalogue, firstHarvest, stop: stopAll };
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
