import { loadWorkspaceConfig } from '@aims/config';
import {
  createBus,
  createHarvester,
  defaultTopics,
  harvestQueues,
  type Logger,
  openCatalogue,
  prefixedTopics,
  type Running,
  requireBrokers,
  startHarvestWorkers,
} from '@aims/pipeline';
import { connectorRegistry } from './connectors.js';
import type { HarvesterEnv } from './env.js';

/** Starts one rate-limited harvest worker per enabled connector instance of the workspace config. */
export async function startHarvesterService(env: HarvesterEnv, logger: Logger): Promise<Running> {
  const config = await loadWorkspaceConfig(env.AIMS_CONFIG);
  for (const instance of config.connectors) {
    if (instance.enabled && !connectorRegistry.has(instance.connector)) {
      throw new Error(
        `${env.AIMS_CONFIG}: connectors.${instance.instance} uses unknown connector '${instance.connector}'; known: ${[...connectorRegistry.keys()].join(', ')}`,
      );
    }
  }
  const bus = createBus({
    kind: env.EVENT_BUS,
    brokers: requireBrokers(env),
    clientId: env.KAFKA_CLIENT_ID ?? 'aims-harvester',
  });
  const catalogue = await openCatalogue(
    env.DATABASE_URL,
    env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {},
  );
  const topics = env.TOPIC_PREFIX ? prefixedTopics(env.TOPIC_PREFIX) : defaultTopics;
  await bus.ensureTopics([{ topic: topics.raw }, { topic: topics.harvestRuns }]);
  const harvester = createHarvester({
    bus,
    catalogue,
    topics,
    connectors: connectorRegistry,
    logger,
    batchSize: env.PUBLISH_BATCH_SIZE,
    checkpointEvery: env.CHECKPOINT_EVERY,
  });
  const queues = harvestQueues({ kind: env.JOB_QUEUE, redisUrl: env.REDIS_URL, workspace: config.workspace });
  const workers = await startHarvestWorkers({
    config,
    harvester,
    queueFor: queues.queueFor,
    env: process.env,
    logger,
  });
  return {
    async stop() {
      await Promise.all(workers.map((w) => w.close()));
      await queues.close();
      await bus.close();
      await catalogue.close();
    },
  };
}
