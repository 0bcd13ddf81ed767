import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@aims/blobs';
import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { ConnectorDefinition, HarvestResult, RunHarvestOptions } from '@aims/connector-sdk';
import { redactSecrets, runHarvest } from '@aims/connector-sdk';
import {
  AimsError,
  type HarvestRunEvent,
  publish,
  type RawEvidenceRecord,
  type TopicNames,
  topicCatalogue,
} from '@aims/core';
import type { Logger } from 'pino';
import { BatchingPublisher } from './batching-publisher.js';
import { CatalogueCheckpointStore } from './checkpoints.js';
import { blobContentStore, blobStreamedContentStore } from './content.js';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every config shape
export type AnyConnector = ConnectorDefinition<any, any, any>;

export interface HarvesterOptions {
  bus: EventBus;
  catalogue: Catalogue;
  /** Topic names (`defaultTopics`, or `prefixedTopics(prefix)` for an isolated environment). */
  topics: TopicNames;
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

/** Which instance a run is for. */
export interface HarvestTarget {
  workspace: string;
  instance: string;
  connector: string;
}

export interface HarvestRequest extends HarvestTarget {
  /** Connector config with secret references already resolved. */
  config: unknown;
  /** Only these slices; default all. */
  sliceIds?: readonly string[];
  /** Only these streams of each slice; default all. */
  streams?: readonly string[];
  /** Ignore stored cursors and read everything. */
  full?: boolean;
  /** Stops the run: it ends `aborted`, its cursors at the last acknowledged record. */
  signal?: AbortSignal;
}

/** The connector id of a harvest request is not registered. */
export class UnknownConnectorError extends AimsError {
  constructor(connector: string, known: Iterable<string>) {
    super('unknown_connector', `unknown connector '${connector}'; known: ${[...known].sort().join(', ')}`);
  }
}

export interface Harvester {
  /**
   * Runs one harvest and records it (`harvest_runs` and the harvest-run topic) however it ends:
   * succeeded, partial, failed or aborted. A run that cannot even start (unknown connector, a
   * config the connector rejects) is recorded as failed, then the error is thrown.
   */
  harvest(request: HarvestRequest): Promise<HarvestResult>;
  /**
   * Records a run that failed before it could be handed to the connector (a secret that is not
   * set, a config that does not resolve), so every failed job is a harvest run with its reason.
   */
  recordFailure(target: HarvestTarget, error: unknown): Promise<HarvestRunEvent>;
}

/** `{ code, message }` of anything thrown, without secrets the text may carry. */
function errorInfo(error: unknown): { code: string; message: string } {
  const code =
    error && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'internal';
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  return { code, message: message.length > 0 ? message : code };
}

/**
 * Runs one harvest of a connector instance: raw records go to the raw topic in batches keyed by
 * artifact key (validated by the topic's contract), cursors are stored in the catalogue only after
 * Kafka acknowledged every record before them, and the run's status (with its gaps) is published
 * and stored.
 */
export function createHarvester(options: HarvesterOptions): Harvester {
  const { bus, catalogue, logger } = options;
  const topics = topicCatalogue(options.topics);
  const now = options.now ?? (() => new Date());

  async function report(run: HarvestRunEvent): Promise<void> {
    await catalogue.putHarvestRun(run);
    await publish(bus, topics.harvestRuns, run);
  }

  async function recordFailure(target: HarvestTarget, error: unknown, runId = randomUUID()) {
    const at = now().toISOString();
    const run: HarvestRunEvent = {
      runId,
      workspace: target.workspace,
      instance: target.instance,
      connector: target.connector,
      status: 'failed',
      startedAt: at,
      finishedAt: at,
      records: 0,
      gaps: [],
      skipped: [],
      error: errorInfo(error),
    };
    await report(run);
    logger
      .child({ workspace: target.workspace, instance: target.instance, runId })
      .error({ code: run.error?.code }, `harvest failed before it started: ${run.error?.message}`);
    return run;
  }

  async function harvest(request: HarvestRequest): Promise<HarvestResult> {
    const connector = options.connectors.get(request.connector);
    if (!connector) {
      const error = new UnknownConnectorError(request.connector, options.connectors.keys());
      await recordFailure(request, error);
      throw error;
    }
    const runId = randomUUID();
    const log = logger.child({ workspace: request.workspace, instance: request.instance, runId });
    const publisher = new BatchingPublisher<RawEvidenceRecord>(bus, topics.raw, {
      maxBatch: options.batchSize ?? 500,
    });
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
      emit: (record) => publisher.publish(record),
    };
    if (request.sliceIds) run.sliceIds = request.sliceIds;
    if (request.streams) run.streams = request.streams;
    if (request.signal) run.signal = request.signal;
    if (options.fetch) run.fetch = options.fetch;
    if (options.blobs) {
      run.storeContent = blobContentStore(options.blobs);
      run.storeStreamedContent = blobStreamedContentStore(options.blobs);
    }
    let result: HarvestResult;
    try {
      result = await runHarvest(run).finally(() => publisher.flush());
    } catch (error) {
      // The connector rejected its config, or the runner broke: the run still ends on record.
      const failed: HarvestRunEvent = {
        ...base,
        status: 'failed',
        finishedAt: now().toISOString(),
        records: publisher.acknowledged,
        gaps: [],
        skipped: [],
        error: errorInfo(error),
      };
      await report(failed);
      log.error({ code: failed.error?.code }, `harvest failed: ${failed.error?.message}`);
      throw error;
    }
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
    const summary = {
      status: result.status,
      records: publisher.acknowledged,
      deletes: result.records.deletes,
      gaps: result.gaps.length,
      skipped: result.skipped.length,
      ...(result.error ? { code: result.error.code } : {}),
    };
    if (result.status === 'failed') log.error(summary, `harvest failed: ${result.error?.message}`);
    else if (result.status === 'aborted')
      log.warn(summary, 'harvest stopped; the next run resumes from its cursor');
    else log.info(summary, 'harvest finished');
    return result;
  }

  return { harvest, recordFailure: (target, error) => recordFailure(target, error) };
}
