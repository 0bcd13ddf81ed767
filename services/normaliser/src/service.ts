import { prefixedGroupId } from '@aims/core';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { readLibraryWithOverlays } from '@aims/scoring';
import {
  type BusStageDeps,
  type Logger,
  type Running,
  startBusStage,
  workspaceOverlays,
} from '@aims/service-kit';
import type { NormaliserEnv } from './env.js';

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export type NormaliserServiceDeps = BusStageDeps;

/**
 * Builds the normaliser's dependencies from env and starts consuming: the library with the
 * workspace's overlays (for `expiresAt`), the catalogue once migrated, the group and topics of the
 * environment (TOPIC_PREFIX prefixes both).
 */
export async function startNormaliserService(
  env: NormaliserEnv,
  logger: Logger,
  signal?: AbortSignal,
  deps: NormaliserServiceDeps = {},
): Promise<Running> {
  // The normaliser needs only the workspace's overlays (for `expiresAt`), not its config.
  const overlays = await workspaceOverlays(env.AIMS_CONFIG, env.CONTROL_OVERLAYS);
  const library = await readLibraryWithOverlays({
    ...(env.CONTROL_LIBRARY ? { library: env.CONTROL_LIBRARY } : {}),
    overlays,
  });
  return startBusStage(
    { service: 'normaliser', env, logger, signal, deps },
    async ({ bus, catalogue, topics }) => {
      const normaliser = createNormaliser({
        bus,
        catalogue,
        topics,
        groupId: prefixedGroupId(env.TOPIC_PREFIX, env.NORMALISER_GROUP),
        rules: contractDecodeRules({
          knownConnectors: env.KNOWN_CONNECTORS,
          maxRecordBytes: env.MAX_RECORD_BYTES,
        }),
        expiresAt: libraryExpiry(library),
        partitionsConsumedConcurrently: env.PARTITIONS_CONCURRENCY,
        logger,
      });
      await normaliser.start();
      return normaliser;
    },
  );
}
