import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { type TopicNames, topicNamesFor } from '@aims/core';
import { instrumentBus, MeshMetrics } from '@aims/telemetry';
import { busFromEnv, type KafkaEnv } from './adapters/bus.js';
import { type CatalogueEnv, catalogueFromEnv } from './adapters/catalogue.js';
import type { Running } from './lifecycle.js';
import type { Logger } from './logger.js';
import { busReadiness, catalogueReadiness } from './readiness.js';

/** What tests may hand a stage instead of building it from env (and `serviceMain` its metrics). */
export interface BusStageDeps {
  bus?: EventBus;
  catalogue?: Catalogue;
  metrics?: MeshMetrics;
}

/** What a stage of the pipeline is started with. */
export interface BusStageParts {
  /** The bus, instrumented with the stage's metrics. */
  bus: EventBus;
  catalogue: Catalogue;
  topics: TopicNames;
}

/**
 * Starts a pipeline stage that consumes the bus and writes the catalogue (the normaliser, the
 * scorer): opens the bus and the migrated catalogue from env (or takes the given ones), hands them
 * to `start`, and returns a service whose stop closes, in reverse, the stage and what it opened,
 * with the bus and database readiness checks. A failed start closes what was opened.
 */
export async function startBusStage(
  stage: {
    service: string;
    env: KafkaEnv & CatalogueEnv & { TOPIC_PREFIX?: string | undefined };
    logger: Logger;
    signal?: AbortSignal | undefined;
    deps?: BusStageDeps;
  },
  start: (parts: BusStageParts) => Promise<{ stop(): Promise<unknown> }>,
): Promise<Running> {
  const { service, env, logger, signal, deps = {} } = stage;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const topics = topicNamesFor(env.TOPIC_PREFIX);
    const metrics = deps.metrics ?? new MeshMetrics({ service, defaults: false });
    const raw = deps.bus ?? busFromEnv(env, service);
    if (!deps.bus) closers.push(() => raw.close());
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: topics.harvestRuns });
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());
    const running = await start({ bus, catalogue, topics });
    closers.push(() => running.stop());
    return {
      stop: close,
      checks: { ...busReadiness(env.EVENT_BUS, bus), ...catalogueReadiness(env.DATABASE_URL, catalogue) },
    };
  } catch (error) {
    await close().catch((cleanup: unknown) =>
      logger.error({ err: cleanup }, 'cleanup after a failed start failed'),
    );
    throw error;
  }
}
