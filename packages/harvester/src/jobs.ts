import { type ConnectorInstanceConfig, resolveSecretRefs, type WorkspaceConfig } from '@aims/config';
import type { JobQueue, JobWorker } from '@aims/queue';
import { harvestRateLimit, type PipelineJobs } from '@aims/scheduler';
import type { Logger } from 'pino';
import type { Harvester, HarvestRequest } from './engine.js';

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
 * Starts one worker per enabled instance, rate-limited per source. Every job ends as a harvest
 * run on record, with its reason when it failed:
 * - a config that does not resolve (a secret not set) is recorded as a failed run, then thrown;
 * - a failed run (emit or checkpoint failure, every slice failed) throws, so the queue retries it
 *   from the last stored cursor;
 * - a run stopped by the worker closing (SIGTERM) ends `aborted` and the job completes: it is not
 *   retried as a failure, and the next run resumes from the cursor it left.
 */
export async function startHarvestWorkers(options: HarvestWorkerOptions): Promise<JobWorker[]> {
  const workers: JobWorker[] = [];
  for (const instance of options.config.connectors) {
    if (!instance.enabled) continue;
    const queue = options.queueFor(instance);
    const log = options.logger.child({ instance: instance.instance, connector: instance.connector });
    const worker = await queue.process(
      'harvest.run',
      async (payload, context) => {
        const target = {
          workspace: payload.workspace,
          instance: payload.instance,
          connector: payload.connector,
        };
        let request: HarvestRequest;
        try {
          request = {
            ...target,
            config: resolveSecretRefs(instance.config, options.env, `connectors.${instance.instance}.config`),
            signal: context.signal,
            ...(payload.full ? { full: true } : {}),
            ...(payload.slices ? { sliceIds: payload.slices } : {}),
            ...(payload.streams ? { streams: payload.streams } : {}),
          };
        } catch (error) {
          await options.harvester.recordFailure(target, error);
          throw error;
        }
        const result = await options.harvester.harvest(request).catch((error: unknown) => {
          log.error({ err: error, jobId: context.id, attempt: context.attempt }, 'harvest job failed');
          throw error;
        });
        if (result.status === 'failed') {
          const reason = `harvest of ${payload.instance} failed: ${result.error?.message ?? 'unknown error'}`;
          log.error({ jobId: context.id, attempt: context.attempt, code: result.error?.code }, reason);
          throw new Error(reason);
        }
        return { runId: result.runId, status: result.status, records: result.records };
      },
      { concurrency: 1, limiter: harvestRateLimit(instance) },
    );
    workers.push(worker);
    log.info('harvest worker started');
  }
  return workers;
}
