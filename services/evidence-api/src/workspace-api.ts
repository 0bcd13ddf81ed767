import type { ApiOptions, EvidenceSink } from '@aims/api';
import type { BlobStore } from '@aims/blobs';
import type { Catalogue } from '@aims/catalogue';
import { createExportService } from '@aims/export';
import type { AimsJobs, JobQueue } from '@aims/queue';
import { createScheduler } from '@aims/scheduler';
import type { HarvestQueues, Logger, ServedWorkspace } from '@aims/service-kit';

/** What every served workspace shares in one evidence API process. */
export interface SharedDeps {
  catalogue: Catalogue;
  blobs: BlobStore;
  version: string;
  logger: Logger;
  /** The workspace's harvest queues (the scheduler's and the harvesters'). */
  harvestQueuesFor(workspace: string): HarvestQueues;
  /** The workspace's export queue (the exporter's). */
  exportQueueFor(workspace: string): JobQueue<AimsJobs>;
  downloadSeconds: number;
  /** Where posted audits, findings and corrective actions go (the raw topic); absent: POSTs answer 501. */
  evidence?: EvidenceSink;
}

/**
 * The API of one workspace: its config and library, harvest triggers enqueued on its instances'
 * BullMQ queues (the job the scheduler enqueues, which the harvesters take), and exports recorded
 * and queued for the exporter, handed out as presigned URLs once built.
 */
export function workspaceApi(served: ServedWorkspace, deps: SharedDeps): ApiOptions {
  const { config, library } = served;
  const { catalogue, blobs } = deps;
  const logger = deps.logger.child({ workspace: config.workspace });
  const harvest = createScheduler({
    config,
    queueFor: deps.harvestQueuesFor(config.workspace).queueFor,
    logger,
  });
  const exports = createExportService({
    catalogue,
    blobs,
    library,
    workspace: config.workspace,
    organisation: config.organisation ?? config.workspace,
    toolVersion: `aims-evidence-mesh ${deps.version}`,
    inventory: config.aiSystems,
    kpis: config.kpis,
    queue: deps.exportQueueFor(config.workspace),
    downloadSeconds: deps.downloadSeconds,
    knownAiSystems: async () =>
      new Set([
        ...config.aiSystems.map((system) => system.id),
        ...(await catalogue.listAiSystemSummaries(config.workspace)).map((summary) => summary.id),
      ]),
  });
  return {
    workspace: config.workspace,
    catalogue,
    library,
    connectors: config.connectors,
    aiSystems: config.aiSystems,
    owners: config.owners,
    kpis: config.kpis,
    version: deps.version,
    harvest,
    blobs,
    exports,
    ...(deps.evidence ? { evidence: deps.evidence } : {}),
    onError: (error) => logger.error({ err: error }, 'request failed'),
  };
}
