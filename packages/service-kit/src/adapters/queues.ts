import type { ConnectorInstanceConfig } from '@aims/config';
import { type AimsJobs, aimsJobs, BullMqJobQueue, EmbeddedJobQueue, type JobQueue } from '@aims/queue';
import { harvestQueuePrefix, type PipelineJobs } from '@aims/scheduler';
import type { Redis } from 'ioredis';
import { pingRedis, sharedRedis } from './redis.js';

/** The harvest queues of one workspace: `queueFor(instance)`, `ping()` and `close()` for all of them. */
export interface HarvestQueues {
  queueFor(instance: ConnectorInstanceConfig): JobQueue<PipelineJobs>;
  /** Resolves when Redis answers (always, embedded). For readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface QueueOptions {
  kind: 'bullmq' | 'embedded';
  redisUrl?: string | undefined;
  /** A connection to share (its owner closes it); default: one of their own, made on first use. */
  redis?: Redis;
}

/**
 * Harvest queues, one per connector instance (own Redis prefix, so rate limits are per source),
 * sharing one Redis connection. `embedded` keeps them in process. The same instance always gets
 * the same queue object, so a scheduler and harvest workers in one process share it.
 */
export function harvestQueues(options: QueueOptions & { workspace: string }): HarvestQueues {
  return queueSet(options, 'harvest queues', (instance: ConnectorInstanceConfig) => ({
    id: instance.instance,
    prefix: harvestQueuePrefix(options.workspace, instance.instance),
  }));
}

/** Redis key prefix of one workspace's export queue: the evidence API enqueues there, the exporter works it. */
export function exportQueuePrefix(workspace: string): string {
  return `aims:exports:${workspace}`;
}

/** The export queues of the workspaces a process serves: `queueFor(workspace)`, `ping()`, `close()`. */
export interface ExportQueues {
  queueFor(workspace: string): JobQueue<AimsJobs>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One export queue per workspace (`exportQueuePrefix`), so an exporter serves exactly the
 * workspaces it is configured for and one workspace's backlog never delays another's.
 */
export function exportQueues(options: QueueOptions): ExportQueues {
  return queueSet(options, 'export queues', (workspace: string) => ({
    id: workspace,
    prefix: exportQueuePrefix(workspace),
  }));
}

/** Redis key prefix of one workspace's ticket sync queue (`tickets.sync`, scheduled and worked by the harvester). */
export function ticketQueuePrefix(workspace: string): string {
  return `aims:tickets:${workspace}`;
}

/** The ticket sync queues of the workspaces a process serves: `queueFor(workspace)`, `ping()`, `close()`. */
export type TicketQueues = ExportQueues;

/**
 * One ticket sync queue per workspace (`ticketQueuePrefix`), apart from the harvest queues, so a
 * long sync never waits behind a harvest nor counts against a source's rate limit.
 */
export function ticketQueues(options: QueueOptions): TicketQueues {
  return queueSet(options, 'ticket sync queues', (workspace: string) => ({
    id: workspace,
    prefix: ticketQueuePrefix(workspace),
  }));
}

function queueSet<K>(
  options: QueueOptions,
  what: string,
  naming: (key: K) => { id: string; prefix: string },
): { queueFor(key: K): JobQueue<AimsJobs>; ping(): Promise<void>; close(): Promise<void> } {
  const own = options.redis ? undefined : sharedRedis(options.redisUrl, what);
  const connection = () => options.redis ?? (own as NonNullable<typeof own>).get();
  const queues = new Map<string, JobQueue<AimsJobs>>();
  return {
    queueFor(key: K): JobQueue<AimsJobs> {
      const { id, prefix } = naming(key);
      const existing = queues.get(id);
      if (existing) return existing;
      const queue =
        options.kind === 'embedded'
          ? new EmbeddedJobQueue(aimsJobs)
          : new BullMqJobQueue({ catalogue: aimsJobs, redis: connection(), prefix });
      queues.set(id, queue);
      return queue;
    },
    async ping(): Promise<void> {
      if (options.kind === 'embedded') return;
      if (options.redis) return pingRedis(options.redis);
      return own?.ping();
    },
    async close(): Promise<void> {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      await own?.close();
    },
  };
}
