import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { prefixedGroupId, topicNamesFor } from '@aims/core';
import { contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { readLibraryWithOverlays } from '@aims/scoring';
import {
  busFromEnv,
  busReadiness,
  catalogueFromEnv,
  catalogueReadiness,
  type Logger,
  type Running,
  workspaceOverlays,
} from '@aims/service-kit';
import { instrumentBus, MeshMetrics } from '@aims/telemetry';
import type { NormaliserEnv } from './env.js';

/** What tests may hand the service instead of building it from env (and `serviceMain` its metrics). */
export interface NormaliserServiceDeps {
  bus?: EventBus;
  catalogue?: Catalogue;
  metrics?: MeshMetrics;
}

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
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const step of closers.splice(0).reverse()) await step();
  };
  try {
    const topics = topicNamesFor(env.TOPIC_PREFIX);
    const metrics = deps.metrics ?? new MeshMetrics({ service: 'normaliser', defaults: false });
    const raw = deps.bus ?? busFromEnv(env, 'normaliser');
    if (!deps.bus) closers.push(() => raw.close());
    const bus = instrumentBus(raw, metrics, { harvestRunsTopic: topics.harvestRuns });
    const catalogue =
      deps.catalogue ?? (await catalogueFromEnv(env, { logger, ...(signal ? { signal } : {}) }));
    if (!deps.catalogue) closers.push(() => catalogue.close());
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
    closers.push(() => normaliser.stop());
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
