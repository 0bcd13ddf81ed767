import { prefixedGroupId } from '@aims/core';
import { createScorer } from '@aims/scorer';
import { kpisOrDefault, readLibraryWithOverlays } from '@aims/scoring';
import {
  type BusStageDeps,
  type Logger,
  loadWorkspace,
  type Running,
  startBusStage,
} from '@aims/service-kit';
import type { ScorerEnv } from './env.js';

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export type ScorerServiceDeps = BusStageDeps;

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
  return startBusStage(
    { service: 'scorer', env, logger, signal, deps },
    async ({ bus, catalogue, topics }) => {
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
      return scorer;
    },
  );
}
