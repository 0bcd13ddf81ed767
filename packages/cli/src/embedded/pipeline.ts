import { join } from 'node:path';
import type { Catalogue } from '@aims/catalogue';
import type { Harvester } from '@aims/harvester';
import type { Logger } from '@aims/service-kit';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { ConnectorRegistry, OpenedWorkspace } from '../source/workspace.js';
import { TrackedBus } from './tracked-bus.js';

export interface EmbeddedPipeline {
  catalogue: Catalogue;
  harvester: Harvester;
  /** Waits until the normaliser has taken in every raw record published and the scorer every change. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const SETTLE_TIMEOUT_MS = 10 * 60_000;

/**
 * The pipeline of the all-in-one, in this process, for one command: the embedded bus (tracked,
 * so the command knows when everything published was consumed), the SQLite catalogue of the
 * data folder, the normaliser, the scorer and a harvester that keeps content in the folder blob
 * store. No queue, scheduler or API: the command calls `harvester.harvest` itself.
 */
export async function startEmbeddedPipeline(options: {
  workspace: OpenedWorkspace;
  connectors: ConnectorRegistry;
  catalogue: Catalogue;
  logger: Logger;
  /** Raw records published so far by the harvest (for progress). */
  onRecords?: (count: number) => void;
}): Promise<EmbeddedPipeline> {
  const [
    { defaultTopics },
    { createBus },
    normalising,
    { createScorer },
    { createHarvester },
    { FolderBlobStore },
  ] = await Promise.all([
    import('@aims/core'),
    import('@aims/service-kit'),
    import('@aims/normaliser'),
    import('@aims/scorer'),
    import('@aims/harvester'),
    import('@aims/blobs'),
  ]);
  const { config, library, paths } = options.workspace;
  const { catalogue, connectors, logger } = options;
  const topics = defaultTopics;
  const bus = new TrackedBus(
    createBus({ kind: 'embedded', brokers: [], clientId: 'aims-cli' }),
    (topic, n) => {
      if (topic === topics.raw) options.onRecords?.(n);
    },
  );
  const stops: (() => Promise<unknown>)[] = [() => bus.close()];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    await bus.ensureTopics([{ topic: topics.raw }, { topic: topics.harvestRuns }]);
    const normaliser = normalising.createNormaliser({
      bus,
      catalogue,
      topics,
      groupId: 'aims-normaliser',
      rules: normalising.contractDecodeRules({ knownConnectors: connectors.keys() }),
      expiresAt: normalising.libraryExpiry(library),
      logger: logger.child({ part: 'normaliser' }),
    });
    await normaliser.start();
    stops.push(() => normaliser.stop());
    const scorer = createScorer({
      bus,
      catalogue,
      topics,
      groupId: 'aims-scorer',
      library,
      workspaces: [config.workspace],
      inventoryFor: () => config.aiSystems,
      logger: logger.child({ part: 'scorer' }),
    });
    await scorer.start();
    stops.push(() => scorer.stop());
    const harvester = createHarvester({
      bus,
      catalogue,
      topics,
      connectors,
      blobs: new FolderBlobStore({ root: join(paths.dataDir, 'blobs') }),
      logger: logger.child({ part: 'harvester' }),
    });
    return {
      catalogue,
      harvester,
      async settled() {
        if (!(await bus.settled(SETTLE_TIMEOUT_MS)))
          throw new CliError(
            'pipeline_stuck',
            `the normaliser and scorer did not take in the harvest within ${SETTLE_TIMEOUT_MS / 60_000} minutes`,
            EXIT.internal,
          );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
