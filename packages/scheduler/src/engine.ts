import { createHash } from 'node:crypto';
import type { ConnectorInstanceConfig, WorkspaceConfig } from '@aims/config';
import { AimsError } from '@aims/core';
import type { JobQueue } from '@aims/queue';
import type { Logger } from 'pino';
import { harvestSchedulerId, type PipelineJobs, type RefreshHint } from './jobs.js';

export interface SchedulerOptions {
  config: WorkspaceConfig;
  /** The harvest queue of one instance (see `harvestQueues`); its owner closes it. */
  queueFor(instance: ConnectorInstanceConfig): JobQueue<PipelineJobs>;
  logger: Logger;
  /** Clock for the first run of schedules without `runOnStart` (default Date.now). */
  now?: () => number;
}

/** The instance to trigger does not exist or is disabled. */
export class UnknownInstanceError extends AimsError {
  constructor(
    readonly workspace: string,
    readonly instance: string,
    reason: 'missing' | 'disabled',
  ) {
    super(
      'unknown_instance',
      `connector instance '${instance}' ${reason === 'missing' ? 'is not configured' : 'is disabled'} in workspace '${workspace}'`,
    );
  }
}

export interface Scheduler {
  /** Creates or updates one repeating harvest per enabled, scheduled instance; removes the others. */
  sync(): Promise<{ scheduled: string[]; unscheduled: string[] }>;
  /** Enqueues one harvest now. A manual run of the same mode already waiting is not added twice. */
  trigger(instance: string, options?: { full?: boolean }): Promise<{ jobId: string }>;
  /**
   * Enqueues one harvest of only the slices and streams a webhook asked to refresh (nothing when
   * `hints` is empty). Requests for the same scope share a job while it waits, so a burst of
   * deliveries costs one harvest; a request that comes while it runs gets one more run.
   */
  refresh(instance: string, hints: readonly RefreshHint[]): Promise<{ jobId: string } | undefined>;
}

/** One job's scope from many hints: the union of slices, and of streams unless a hint wants them all. */
export function refreshScope(hints: readonly RefreshHint[]): { slices: string[]; streams?: string[] } {
  const slices = [...new Set(hints.map((h) => h.slice))].sort();
  const everyStream = hints.some((h) => h.streams.length === 0);
  if (everyStream) return { slices };
  return { slices, streams: [...new Set(hints.flatMap((h) => h.streams))].sort() };
}

/** A scheduler over the harvest queues of one workspace config (options: see `SchedulerOptions`). */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  const workspace = config.workspace;
  const queueOf = (instance: ConnectorInstanceConfig): JobQueue<PipelineJobs> => options.queueFor(instance);

  return {
    async sync() {
      const scheduled: string[] = [];
      const unscheduled: string[] = [];
      for (const instance of config.connectors) {
        const queue = queueOf(instance);
        const id = harvestSchedulerId(workspace, instance.instance);
        if (instance.enabled && instance.schedule) {
          await queue.schedule(
            id,
            'harvest.run',
            { workspace, instance: instance.instance, connector: instance.connector, trigger: 'schedule' },
            instance.schedule.runOnStart
              ? { everyMs: instance.schedule.every }
              : { everyMs: instance.schedule.every, startAt: now() + instance.schedule.every },
          );
          scheduled.push(instance.instance);
          logger.info({ instance: instance.instance, everyMs: instance.schedule.every }, 'harvest scheduled');
        } else if (await queue.unschedule(id)) {
          unscheduled.push(instance.instance);
          logger.info({ instance: instance.instance }, 'harvest schedule removed');
        }
      }
      return { scheduled, unscheduled };
    },

    async trigger(instanceId, triggerOptions = {}) {
      const instance = enabledInstance(instanceId);
      const payload = {
        workspace,
        instance: instanceId,
        connector: instance.connector,
        trigger: 'manual' as const,
        ...(triggerOptions.full ? { full: true } : {}),
      };
      // Repeated clicks while a run waits do not pile up; a full run is not folded into an
      // incremental one (nor the other way round).
      const { id } = await queueOf(instance).enqueue('harvest.run', payload, {
        coalesceKey: `manual-${instanceId}-${triggerOptions.full ? 'full' : 'incremental'}`,
      });
      logger.info({ instance: instanceId, jobId: id }, 'manual harvest enqueued');
      return { jobId: id };
    },

    async refresh(instanceId, hints) {
      const instance = enabledInstance(instanceId);
      if (hints.length === 0) return undefined;
      const scope = refreshScope(hints);
      const scopeId = createHash('sha256').update(JSON.stringify(scope)).digest('hex').slice(0, 16);
      const { id } = await queueOf(instance).enqueue(
        'harvest.run',
        { workspace, instance: instanceId, connector: instance.connector, trigger: 'webhook', ...scope },
        { coalesceKey: `refresh-${instanceId}-${scopeId}` },
      );
      logger.info({ instance: instanceId, jobId: id, ...scope }, 'webhook refresh harvest enqueued');
      return { jobId: id };
    },
  };

  function enabledInstance(instanceId: string): ConnectorInstanceConfig {
    const instance = config.connectors.find((c) => c.instance === instanceId);
    if (!instance) throw new UnknownInstanceError(workspace, instanceId, 'missing');
    if (!instance.enabled) throw new UnknownInstanceError(workspace, instanceId, 'disabled');
    return instance;
  }
}
