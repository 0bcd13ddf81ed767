import {
  contractDecodeRules,
  createBus,
  createNormaliser,
  defaultTopics,
  type Logger,
  libraryExpiry,
  openCatalogue,
  prefixedTopics,
  type Running,
  requireBrokers,
} from '@aims/pipeline';
import { readLibraryWithOverlays } from '@aims/scoring';
import type { NormaliserEnv } from './env.js';

/** Builds the normaliser's dependencies from env and starts consuming. */
export async function startNormaliserService(env: NormaliserEnv, logger: Logger): Promise<Running> {
  const library = await readLibraryWithOverlays({
    ...(env.CONTROL_LIBRARY ? { library: env.CONTROL_LIBRARY } : {}),
    overlays: env.CONTROL_OVERLAYS,
  });
  const bus = createBus({
    kind: env.EVENT_BUS,
    brokers: requireBrokers(env),
    clientId: env.KAFKA_CLIENT_ID ?? 'aims-normaliser',
  });
  const catalogue = await openCatalogue(
    env.DATABASE_URL,
    env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {},
  );
  const normaliser = createNormaliser({
    bus,
    catalogue,
    topics: env.TOPIC_PREFIX ? prefixedTopics(env.TOPIC_PREFIX) : defaultTopics,
    groupId: env.NORMALISER_GROUP,
    rules: contractDecodeRules({
      knownConnectors: env.KNOWN_CONNECTORS,
      maxRecordBytes: env.MAX_RECORD_BYTES,
    }),
    expiresAt: libraryExpiry(library),
    partitionsConsumedConcurrently: env.PARTITIONS_CONCURRENCY,
    logger,
  });
  await normaliser.start();
  return {
    async stop() {
      await normaliser.stop();
      await bus.close();
      await catalogue.close();
    },
  };
}
