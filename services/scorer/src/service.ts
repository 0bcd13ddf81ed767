import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { prefixedGroupId, topicNamesFor } from '@aims/core';
import { createScorer } from '@aims/scorer';
import { kpisOrDefault, readLibraryWithOverlays } from '@aims/scoring';
import {
  busFromEnv,
  busReadiness,
  catalogueFromEnv,
  catalogueReadiness,
  type Logger,
  loadWorkspace,
  type Running,
} from '@aims/service-kit';
import { instrumentBus, MeshMetrics } from '@aims/telemetry';
import type { ScorerEnv } from './env.js';

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export interface ScorerServiceDeps {
  bus?: EventBus;
  catalogue?: Catalogue;
  metrics?: MeshMetrics;
}

/**
 * Builds the scorer's dependencies from env (the library with the workspace's overlays, the
 * catalogue once migrated, the environment's topics and groups), warms it from the catalogue and
 * starts consuming.
 */
export async function startScorerService(
  env: ScorerEnv,
  logger: Logger,
  signal?: AbortSignal,
  deps: ScorerServiceDeps = {},
): Promise<Running> {
  const { config, overlays } = await loadWorkspace(env.AIMS_CONFIG, { overlays: env.CONTROL_OVERLAYS });
  const library = await readLibraryWithOverlays({
    ...(env.CONTROL_LIBRARY ? { library: env.CONTROL_LIBRARY } : {}),
    overlays,
    libraries: config.libraries,
    managementReview: config.managementReview,
  });
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const topics = topicNamesFor(env.TOPIC_PREFIX);
    const metrics = deps.metrics ?? new MeshMetrics({ service: 'scorer', defaults: false });
    const raw = deps.bus ?? busFromEnv(env, 'scorer');
    if (!deps.bus) closers.push(() => raw.close());
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: topics.harvestRuns });
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());
    const scorer = createScorer({
      bus,
      catalogue,
      topics,
      groupId: prefixedGroupId(env.TOPIC_PREFIX, env.SCORER_GROUP),
      library,
      workspaces: [config.workspace],
      inventoryFor: () => config.aiSystems,
      kpisFor: () => kpisOrDefault(config.kpis),
      logger,
    });
    await scorer.start();
    closers.push(() => scorer.stop());
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
