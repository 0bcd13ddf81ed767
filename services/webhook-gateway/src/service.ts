import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import {
  createBus,
  createScheduler,
  createWebhookApp,
  defaultTopics,
  githubWebhookSource,
  harvestQueues,
  jiraWebhookSource,
  type Logger,
  prefixedTopics,
  type Running,
  requireBrokers,
  webhookConnectorConfig,
} from '@aims/pipeline';
import type { GatewayEnv } from './env.js';

export interface GatewayRunning extends Running {
  /** The bound port (useful with PORT=0). */
  readonly port: number;
}

export async function startGatewayService(
  env: GatewayEnv,
  logger: Logger,
  options: { config?: WorkspaceConfig; processEnv?: NodeJS.ProcessEnv } = {},
): Promise<GatewayRunning> {
  const config = options.config ?? (await loadWorkspaceConfig(env.AIMS_CONFIG));
  const processEnv = options.processEnv ?? process.env;
  const bus = createBus({
    kind: env.EVENT_BUS,
    brokers: requireBrokers(env),
    clientId: env.KAFKA_CLIENT_ID ?? 'aims-webhook-gateway',
  });
  const topics = env.TOPIC_PREFIX ? prefixedTopics(env.TOPIC_PREFIX) : defaultTopics;
  await bus.ensureTopics([{ topic: topics.raw }]);
  const byInstance = new Map(config.connectors.map((c) => [c.instance, c]));
  // Refresh harvests go to the instances' BullMQ queues, where the harvesters' workers take them.
  const queues =
    env.JOB_QUEUE === 'bullmq' && env.REDIS_URL
      ? harvestQueues({ kind: 'bullmq', redisUrl: env.REDIS_URL, workspace: config.workspace })
      : undefined;
  const scheduler = queues && createScheduler({ config, queueFor: queues.queueFor, logger });
  if (!scheduler) {
    logger.info(
      'no BullMQ queue (JOB_QUEUE=bullmq and REDIS_URL): refresh hints wait for scheduled harvests',
    );
  }
  const app = createWebhookApp({
    bus,
    rawTopic: topics.raw,
    config,
    sources: [githubWebhookSource, jiraWebhookSource],
    secretFor: (instance) => {
      const name = byInstance.get(instance)?.webhookSecretEnv;
      return name ? processEnv[name] || undefined : undefined;
    },
    connectorConfigFor: (instance) =>
      webhookConnectorConfig(byInstance.get(instance)?.config ?? {}, processEnv),
    logger,
    maxBodyBytes: env.MAX_BODY_BYTES,
    publishTimeoutMs: env.PUBLISH_TIMEOUT_MS,
    ...(scheduler ? { requestRefresh: (instance, hints) => scheduler.refresh(instance, hints) } : {}),
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: env.HOST }, 'webhook gateway listening');
  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([bus.close(), queues?.close()]);
    },
  };
}
