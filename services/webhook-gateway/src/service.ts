import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '@aims/bus';
import type { WorkspaceConfig } from '@aims/config';
import { webhookSources } from '@aims/connector-registry';
import { topicNamesFor } from '@aims/core';
import { createScheduler } from '@aims/scheduler';
import {
  busFromEnv,
  busReadiness,
  harvestQueues,
  type Logger,
  loadWorkspace,
  orAbort,
  type Running,
  redisReadiness,
} from '@aims/service-kit';
import { httpMetrics, instrumentBus, MeshMetrics } from '@aims/telemetry';
import { createWebhookApp, webhookConnectorConfig } from '@aims/webhooks';
import express from 'express';
import type { GatewayEnv } from './env.js';

export interface GatewayRunning extends Running {
  /** The bound port (useful with PORT=0). */
  readonly port: number;
}

/** What tests may hand the gateway instead of building it from env (and `serviceMain` its metrics). */
export interface GatewayServiceDeps {
  config?: WorkspaceConfig;
  /** Where webhook secrets (`webhookSecretEnv: NAME`) are read; default process.env. */
  processEnv?: NodeJS.ProcessEnv;
  bus?: EventBus;
  metrics?: MeshMetrics;
  /** Aborts on SIGTERM: a start still waiting for Kafka gives up. */
  signal?: AbortSignal;
}

/**
 * Serves the webhook routes on PORT (request latency recorded by route), publishing verified
 * deliveries to the raw topic and enqueuing the refresh harvests they ask for.
 */
export async function startGatewayService(
  env: GatewayEnv,
  logger: Logger,
  options: GatewayServiceDeps = {},
): Promise<GatewayRunning> {
  const config = options.config ?? (await loadWorkspace(env.AIMS_CONFIG)).config;
  const processEnv = options.processEnv ?? process.env;
  const topics = topicNamesFor(env.TOPIC_PREFIX);
  const metrics = options.metrics ?? new MeshMetrics({ service: 'webhook-gateway', defaults: false });
  const raw = options.bus ?? busFromEnv(env, 'webhook-gateway');
  const bus = instrumentBus(raw, metrics, { harvestRunsTopic: topics.harvestRuns });
  try {
    await orAbort(bus.ensureTopics([{ topic: topics.raw }]), options.signal);
  } catch (error) {
    // Not awaited: closing waits for the broker that did not answer; the process is exiting.
    if (!options.bus) void raw.close().catch(() => undefined);
    throw error;
  }
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
  const webhooks = createWebhookApp({
    bus,
    rawTopic: topics.raw,
    config,
    sources: webhookSources,
    secretFor: (instance) => {
      const name = byInstance.get(instance)?.webhookSecretEnv;
      return name ? processEnv[name] || undefined : undefined;
    },
    connectorConfigFor: (instance) =>
      webhookConnectorConfig(byInstance.get(instance)?.config ?? {}, processEnv),
    logger,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxRecordBytes: env.MAX_RECORD_BYTES,
    publishTimeoutMs: env.PUBLISH_TIMEOUT_MS,
    ...(scheduler ? { requestRefresh: (instance, hints) => scheduler.refresh(instance, hints) } : {}),
  });
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(metrics), webhooks);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(env.PORT, env.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: env.HOST }, 'webhook gateway listening');
  return {
    port,
    checks: {
      ...busReadiness(env.EVENT_BUS, bus),
      ...(queues ? redisReadiness('bullmq', () => queues.ping()) : {}),
    },
    async stop() {
      // In-flight deliveries finish; idle keep-alive sockets close now, the rest after 5 s at most.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed.finally(() => clearTimeout(cut));
      await Promise.all([options.bus ? undefined : raw.close(), queues?.close()]);
    },
  };
}
