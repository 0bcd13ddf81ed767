import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@aims/blobs';
import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { ConnectorDefinition, HarvestResult, RunHarvestOptions } from '@aims/connector-sdk';
import { runHarvest } from '@aims/connector-sdk';
import { artifactKey, type HarvestRunEvent, harvestRunKey } from '@aims/core';
import type { Logger } from 'pino';
import type { PipelineTopics } from '../topics.js';
import { BatchingPublisher } from './batching-publisher.js';
import { CatalogueCheckpointStore } from './checkpoints.js';
import { blobContentStore } from './content.js';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every config shape
export type AnyConnector = ConnectorDefinition<any, any, any>;

export interface HarvesterOptions {
  bus: EventBus;
  catalogue: Catalogue;
  topics: PipelineTopics;
  /** Connectors by id. */
  connectors: ReadonlyMap<string, AnyConnector>;
  logger: Logger;
  /** Raw records per `publishBatch` (default 500). */
  batchSize?: number;
  /** Records between cursor commits (default 1,000). */
  checkpointEvery?: number;
  now?: () => Date;
  /** Passed to the SDK runner (tests point it at nock or a fake server). */
  fetch?: typeof fetch;
  /** Where evidence content is kept (content-addressed); without it, content is described only. */
  blobs?: BlobStore;
}

export interface HarvestRequest {
  workspace: string;
  instance: string;
  connector: string;
  /** Connector config with secret references already resolved. */
  config: unknown;
  /** Only these slices; default all. */
  sliceIds?: readonly string[];
  /** Only these streams of each slice; default all. */
  streams?: readonly string[];
  /** Ignore stored cursors and read everything. */
  full?: boolean;
  signal?: AbortSignal;
}

/** The connector id of a harvest request is not registered. */
export class UnknownConnectorError extends Error {
  readonly code = 'unknown_connector';
  constructor(connector: string, known: Iterable<string>) {
    super(`unknown connector '${connector}'; known: ${[...known].sort().join(', ')}`);
    this.name = 'UnknownConnectorError';
  }
}

export interface Harvester {
  harvest(request: HarvestRequest): Promise<HarvestResult>;
}

/**
 * Runs one harvest of a connector instance: raw records go to the raw topic in batches keyed by
 * artifact key, cursors are stored in the catalogue only after Kafka acknowledged every record
 * before them, and the run's status (with its gaps) is published and stored.
 */
export function createHarvester(options: HarvesterOptions): Harvester {
  const { bus, catalogue, topics, logger } = options;
  const now = options.now ?? (() => new Date());

  async function report(run: HarvestRunEvent): Promise<void> {
    await catalogue.putHarvestRun(run);
    await bus.publishBatch(topics.harvestRuns, [
      { key: harvestRunKey(run.workspace, run.instance), value: JSON.stringify(run) },
    ]);
  }

  return {
    async harvest(request) {
      const connector = options.connectors.get(request.connector);
      if (!connector) throw new UnknownConnectorError(request.connector, options.connectors.keys());
      const runId = randomUUID();
      const log = logger.child({ workspace: request.workspace, instance: request.instance, runId });
      const publisher = new BatchingPublisher(bus, topics.raw, { maxBatch: options.batchSize ?? 500 });
      const base = {
        runId,
        workspace: request.workspace,
        instance: request.instance,
        connector: connector.id,
        startedAt: now().toISOString(),
      };
      await report({ ...base, status: 'started', records: 0, gaps: [], skipped: [] });
      const run: RunHarvestOptions<unknown, unknown, unknown> = {
        connector,
        config: request.config,
        workspace: request.workspace,
        instance: request.instance,
        runId,
        logger: log,
        now,
        checkpoints: new CatalogueCheckpointStore(catalogue, () => publisher.flush(), request.full ?? false),
        full: request.full ?? false,
        // What the catalogue holds of this instance: a full run tombstones what it no longer finds.
        knownArtifacts: () => catalogue.listLiveOrigins(request.workspace, request.instance),
        checkpointEvery: options.checkpointEvery ?? 1_000,
        maxInFlight: (options.batchSize ?? 500) * 2,
        emit: (record) =>
          publisher.publish({
            key: artifactKey({
              workspace: record.workspace,
              instance: record.source.instance,
              externalId: record.externalId,
            }),
            value: JSON.stringify(record),
          }),
      };
      if (request.sliceIds) run.sliceIds = request.sliceIds;
      if (request.streams) run.streams = request.streams;
      if (request.signal) run.signal = request.signal;
      if (options.fetch) run.fetch = options.fetch;
      if (options.blobs) run.storeContent = blobContentStore(options.blobs);
      const result = await runHarvest(run).finally(() => publisher.flush());
      const finished: HarvestRunEvent = {
        ...base,
        status: result.status,
        finishedAt: result.finishedAt,
        records: publisher.acknowledged,
        gaps: result.gaps,
        skipped: result.skipped,
        deletes: result.records.deletes,
      };
      if (result.error) finished.error = result.error;
      await report(finished);
      log.info(
        {
          status: result.status,
          records: publisher.acknowledged,
          deletes: result.records.deletes,
          gaps: result.gaps.length,
          skipped: result.skipped.length,
        },
        'harvest finished',
      );
      return result;
    },
  };
}
