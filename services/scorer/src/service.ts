import { loadWorkspaceConfig } from '@aims/config';
import {
  createBus,
  createScorer,
  defaultTopics,
  type Logger,
  openCatalogue,
  prefixedTopics,
  type Running,
  requireBrokers,
} from '@aims/pipeline';
import { readLibraryWithOverlays } from '@aims/scoring';
import type { ScorerEnv } from './env.js';

/** Builds the scorer's dependencies from env, warms it from the catalogue and starts consuming. */
export async function startScorerService(env: ScorerEnv, logger: Logger): Promise<Running> {
  const config = await loadWorkspaceConfig(env.AIMS_CONFIG);
  const library = await readLibraryWithOverlays({
    ...(env.CONTROL_LIBRARY ? { library: env.CONTROL_LIBRARY } : {}),
    overlays: env.CONTROL_OVERLAYS,
  });
  const bus = createBus({
    kind: env.EVENT_BUS,
    brokers: requireBrokers(env),
    clientId: env.KAFKA_CLIENT_ID ?? 'aims-scorer',
  });
  const catalogue = await openCatalogue(
    env.DATABASE_URL,
    env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {},
  );
  const scorer = createScorer({
    bus,
    catalogue,
    topics: env.TOPIC_PREFIX ? prefixedTopics(env.TOPIC_PREFIX) : defaultTopics,
    groupId: env.SCORER_GROUP,
    library,
    workspaces: [config.workspace],
    logger,
  });
  await scorer.start();
  return {
    async stop() {
      await scorer.stop();
      await bus.close();
      await catalogue.close();
    },
  };
}
