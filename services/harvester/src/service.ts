import type { BlobStore } from '@aims/blobs';
import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { topicNamesFor } from '@aims/core';
import {
  type AnyConnector,
  createHarvester,
  InstancesNotReadyError,
  preflightInstances,
  startHarvestWorkers,
} from '@aims/harvester';
import {
  blobReadiness,
  blobsFromEnv,
  busFromEnv,
  busReadiness,
  catalogueFromEnv,
  catalogueReadiness,
  type HarvestQueues,
  harvestQueues,
  type Logger,
  loadWorkspace,
  type Running,
  redisReadiness,
  type TicketQueues,
  ticketQueues,
} from '@aims/service-kit';
import { instrumentBus, MeshMetrics } from '@aims/telemetry';
import { connectorRegistry } from './connectors.js';
import type { HarvesterEnv } from './env.js';

/** What tests (and an embedding process) may hand the service instead of building it from env. */
export interface HarvesterServiceDeps {
  /** Where connector secrets (`tokenEnv: NAME`) are read; default process.env. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  connectors?: ReadonlyMap<string, AnyConnector>;
  bus?: EventBus;
  catalogue?: Catalogue;
  queues?: HarvestQueues;
  /** The queue of the scheduled gap ticket sync (default: from JOB_QUEUE and REDIS_URL). */
  tickets?: TicketQueues;
  /** Where evidence content is stored by SHA-256 (default: from BLOB_STORE). */
  blobs?: BlobStore;
  metrics?: MeshMetrics;
}

/**
 * Starts one rate-limited harvest worker per enabled connector instance of the workspace config,
 * storing the content of evidence in the blob store as it goes (the API serves it from there).
 * Before anything connects, every enabled instance is checked (connector known, every secret it
 * references set, config valid for its connector); a problem stops the start naming the variable.
 * With `tickets.jira` in the config it also schedules and works the gap sync to Jira (`tickets.sync`
 * on the workspace's ticket queue: every replica upserts the one schedule, one worker takes each run).
 */
export async function startHarvesterService(
  env: HarvesterEnv,
  logger: Logger,
  signal?: AbortSignal,
  deps: HarvesterServiceDeps = {},
): Promise<Running> {
  const processEnv = deps.processEnv ?? process.env;
  const connectors = deps.connectors ?? connectorRegistry;
  const { config } = await loadWorkspace(env.AIMS_CONFIG);
  const problems = preflightInstances(config, connectors, processEnv);
  if (problems.length > 0) throw new InstancesNotReadyError(env.AIMS_CONFIG, problems);

  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    // What the service builds it closes; what it is handed, its owner closes.
    const topics = topicNamesFor(env.TOPIC_PREFIX);
    const metrics = deps.metrics ?? new MeshMetrics({ service: 'harvester', defaults: false });
    const raw = deps.bus ?? busFromEnv(env, 'harvester');
    if (!deps.bus) closers.push(() => raw.close());
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: topics.harvestRuns });
    const blobs = deps.blobs ?? blobsFromEnv(env, 'harvester');
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());
    await bus.ensureTopics([{ topic: topics.raw }, { topic: topics.harvestRuns }]);
    const harvester = createHarvester({
      bus,
      catalogue,
      topics,
      connectors,
      blobs,
      logger,
      batchSize: env.PUBLISH_BATCH_SIZE,
      checkpointEvery: env.CHECKPOINT_EVERY,
    });
    const queueOptions = { kind: env.JOB_QUEUE, redisUrl: env.REDIS_URL };
    const queues = deps.queues ?? harvestQueues({ ...queueOptions, workspace: config.workspace });
    if (!deps.queues) closers.push(() => queues.close());
    const workers = await startHarvestWorkers({
      config,
      harvester,
      queueFor: queues.queueFor,
      env: processEnv,
      logger,
    });
    // Closing a worker aborts its running harvest, which ends `aborted` with its cursor committed.
    closers.push(() => Promise.all(workers.map((w) => w.close())));
    const tickets =
      config.tickets?.jira === undefined ? undefined : (deps.tickets ?? ticketQueues(queueOptions));
    if (tickets !== undefined) {
      if (!deps.tickets) closers.push(() => tickets.close());
      const { scheduleGapSync } = await import('@aims/ticket-sync');
      const worker = await scheduleGapSync({
        queue: tickets.queueFor(config.workspace),
        config,
        configFile: env.AIMS_CONFIG,
        catalogue,
        env: processEnv,
        logger: logger.child({ part: 'ticket-sync' }),
      });
      if (worker) closers.push(() => worker.close());
    }
    return {
      stop: close,
      checks: {
        ...busReadiness(env.EVENT_BUS, bus),
        ...catalogueReadiness(env.DATABASE_URL, catalogue),
        ...redisReadiness(env.JOB_QUEUE, () => Promise.all([queues.ping(), tickets?.ping()]).then(() => {})),
        ...blobReadiness(env.BLOB_STORE, blobs),
      },
    };
  } catch (error) {
    await close().catch((cleanup: unknown) =>
      logger.error({ err: cleanup }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}
