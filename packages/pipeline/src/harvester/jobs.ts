import { type ConnectorInstanceConfig, resolveSecretRefs, type WorkspaceConfig } from '@aims/config';
import type { JobQueue, JobWorker } from '@aims/queue';
import type { Logger } from 'pino';
import { harvestRateLimit, type PipelineJobs } from '../scheduler/jobs.js';
import type { Harvester } from './engine.js';

export interface HarvestWorkerOptions {
  config: WorkspaceConfig;
  harvester: Harvester;
  /** The harvest queue of one instance (see `harvestQueuePrefix`). */
  queueFor(instance: ConnectorInstanceConfig): JobQueue<PipelineJobs>;
  /** Where secret references (`tokenEnv: NAME`) are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/**
 * Starts one worker per enabled instance, rate-limited per source. A failed run (emit or
 * checkpoint failure) throws so the queue retries it from the last stored cursor.
 */
export async function startHarvestWorkers(options: HarvestWorkerOptions): Promise<JobWorker[]> {
  const workers: JobWorker[] = [];
  for (const instance of options.config.connectors) {
    if (!instance.enabled) continue;
    const queue = options.queueFor(instance);
    const worker = await queue.process(
      'harvest.run',
      async (payload, context) => {
        const result = await options.harvester.harvest({
          workspace: payload.workspace,
          instance: payload.instance,
          connector: payload.connector,
          config: resolveSecretRefs(instance.config, options.env, `connectors.${instance.instance}.config`),
          signal: context.signal,
          ...(payload.full ? { full: true } : {}),
          ...(payload.slices ? { sliceIds: payload.slices } : {}),
          ...(payload.streams ? { streams: payload.streams } : {}),
        });
        if (result.status === 'failed') {
          throw new Error(
            `harvest of ${payload.instance} failed: ${result.error?.message ?? 'unknown error'}`,
          );
        }
        return { runId: result.runId, status: result.status, records: result.records };
      },
      { concurrency: 1, limiter: harvestRateLimit(instance) },
    );
    workers.push(worker);
    options.logger.info(
      { instance: instance.instance, connector: instance.connector },
      'harvest worker started',
    );
  }
  return workers;
}
