import { EmbeddedEventBus, type EventBus, KafkaEventBus } from '@aims/bus';
import { type Catalogue, createPostgresCatalogue, createSqliteCatalogue } from '@aims/catalogue';
import type { ConnectorInstanceConfig } from '@aims/config';
import { aimsJobs, BullMqJobQueue, EmbeddedJobQueue, type JobQueue } from '@aims/queue';
import { Redis } from 'ioredis';
import { harvestQueuePrefix, type PipelineJobs } from '../scheduler/jobs.js';

/** The bus a service talks to: Kafka by default, the in-process bus when embedded. */
export function createBus(options: {
  kind: 'kafka' | 'embedded';
  brokers: string[];
  clientId: string;
}): EventBus {
  return options.kind === 'embedded'
    ? new EmbeddedEventBus({ defaultPartitions: 6 })
    : new KafkaEventBus({ brokers: options.brokers, clientId: options.clientId, defaultPartitions: 6 });
}

/** The catalogue at `postgres://…` or `sqlite:<path>`, migrated. */
export async function openCatalogue(
  url: string,
  options: { schema?: string; poolSize?: number } = {},
): Promise<Catalogue> {
  const catalogue = url.startsWith('sqlite:')
    ? createSqliteCatalogue({ filename: url.slice('sqlite:'.length) || ':memory:' })
    : createPostgresCatalogue({ connectionString: url, ...options });
  await catalogue.migrate();
  return catalogue;
}

/**
 * Harvest queues, one per connector instance (own Redis prefix, so rate limits are per source),
 * sharing one Redis connection. `embedded` keeps them in process. The same instance always gets
 * the same queue object, so a scheduler and harvest workers in one process share it.
 */
export function harvestQueues(options: {
  kind: 'bullmq' | 'embedded';
  redisUrl?: string | undefined;
  workspace: string;
}) {
  let redis: Redis | undefined;
  const queues = new Map<string, JobQueue<PipelineJobs>>();
  return {
    queueFor(instance: ConnectorInstanceConfig): JobQueue<PipelineJobs> {
      const existing = queues.get(instance.instance);
      if (existing) return existing;
      let queue: JobQueue<PipelineJobs>;
      if (options.kind === 'embedded') {
        queue = new EmbeddedJobQueue(aimsJobs);
      } else {
        if (!options.redisUrl) throw new Error('REDIS_URL is required when JOB_QUEUE=bullmq');
        redis ??= new Redis(options.redisUrl, { maxRetriesPerRequest: null });
        queue = new BullMqJobQueue({
          catalogue: aimsJobs,
          redis,
          prefix: harvestQueuePrefix(options.workspace, instance.instance),
        });
      }
      queues.set(instance.instance, queue);
      return queue;
    },
    async close(): Promise<void> {
      await Promise.all([...queues.values()].map((q) => q.close()));
      queues.clear();
      await redis?.quit();
    },
  };
}
