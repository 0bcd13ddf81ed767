import { type Job, type JobsOptions, Queue, Worker } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { definitionOf, parsePayload, runJob } from './catalogue.js';
import { InvalidScheduleError, QueueClosedError } from './errors.js';
import type {
  EnqueueOptions,
  JobCatalogue,
  JobHandler,
  JobInfo,
  JobInput,
  JobName,
  JobPayload,
  JobQueue,
  JobState,
  JobWorker,
  ProcessOptions,
  ScheduleInfo,
  ScheduleOptions,
} from './port.js';

export interface BullMqJobQueueOptions<C extends JobCatalogue> {
  catalogue: C;
  /** redis:// URL, or an existing ioredis client (created with maxRetriesPerRequest: null). */
  redis: string | Redis;
  /** Extra ioredis options when `redis` is a URL. */
  redisOptions?: RedisOptions;
  /** Redis key prefix of every queue. Default 'aims'. */
  prefix?: string;
  /** Finished jobs kept for inspection. Default 1,000 completed and 5,000 failed per queue. */
  keepCompleted?: number;
  keepFailed?: number;
}

const STATES: Record<string, JobState> = {
  waiting: 'waiting',
  'waiting-children': 'waiting',
  prioritized: 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'failed',
};

/** JobQueue on BullMQ: one BullMQ queue per job name, job schedulers for intervals. */
export class BullMqJobQueue<C extends JobCatalogue> implements JobQueue<C> {
  readonly catalogue: C;
  private readonly connection: Redis;
  private readonly ownsConnection: boolean;
  private readonly prefix: string;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Set<Worker>();
  private readonly aborts = new Set<AbortController>();
  private closed = false;

  constructor(private readonly options: BullMqJobQueueOptions<C>) {
    this.catalogue = options.catalogue;
    this.prefix = options.prefix ?? 'aims';
    this.ownsConnection = typeof options.redis === 'string';
    this.connection =
      typeof options.redis === 'string'
        ? new Redis(options.redis, { ...options.redisOptions, maxRetriesPerRequest: null })
        : options.redis;
  }

  async enqueue<N extends JobName<C>>(name: N, payload: JobInput<C, N>, options: EnqueueOptions = {}) {
    this.assertOpen('enqueue');
    const data = parsePayload(this.catalogue, name, payload);
    const opts = this.jobOptions(name);
    if (options.jobId !== undefined) opts.jobId = options.jobId;
    if (options.coalesceKey !== undefined) {
      opts.deduplication = { id: options.coalesceKey, keepLastIfActive: true };
    }
    if (options.delayMs !== undefined) opts.delay = options.delayMs;
    const job = await this.queue(name).add(name, data, opts);
    return { id: String(job.id) };
  }

  async schedule<N extends JobName<C>>(
    schedulerId: string,
    name: N,
    payload: JobInput<C, N>,
    options: ScheduleOptions,
  ): Promise<void> {
    this.assertOpen('schedule');
    if (!(options.everyMs > 0)) throw new InvalidScheduleError(schedulerId, 'everyMs must be > 0');
    const data = parsePayload(this.catalogue, name, payload);
    for (const other of Object.keys(this.catalogue)) {
      if (other !== name) await this.queue(other).removeJobScheduler(schedulerId);
    }
    const { jobId: _ignored, ...opts } = this.jobOptions(name);
    const repeat: { every: number; startDate?: number } = { every: options.everyMs };
    if (options.startAt !== undefined) repeat.startDate = options.startAt;
    await this.queue(name).upsertJobScheduler(schedulerId, repeat, { name, data, opts });
  }

  async unschedule(schedulerId: string): Promise<boolean> {
    this.assertOpen('unschedule');
    let removed = false;
    for (const name of Object.keys(this.catalogue)) {
      if (await this.queue(name).removeJobScheduler(schedulerId)) removed = true;
    }
    return removed;
  }

  async listSchedules(): Promise<ScheduleInfo[]> {
    this.assertOpen('list schedules');
    const all: ScheduleInfo[] = [];
    for (const name of Object.keys(this.catalogue)) {
      for (const s of await this.queue(name).getJobSchedulers()) {
        const info: ScheduleInfo = { schedulerId: s.id ?? s.key, name: s.name, everyMs: s.every ?? 0 };
        if (s.next !== undefined) info.next = s.next;
        all.push(info);
      }
    }
    return all;
  }

  async process<N extends JobName<C>>(
    name: N,
    handler: JobHandler<JobPayload<C, N>>,
    options: ProcessOptions = {},
  ): Promise<JobWorker> {
    this.assertOpen('process');
    const definition = definitionOf(this.catalogue, name);
    const limiter = options.limiter ?? definition.limiter;
    const abort = new AbortController();
    this.aborts.add(abort);
    const worker = new Worker(
      name,
      (job: Job) =>
        runJob(
          this.catalogue,
          handler as JobHandler<never>,
          { id: String(job.id), name, payload: job.data, attempt: job.attemptsMade + 1 },
          abort.signal,
        ),
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
        ...(limiter ? { limiter: { max: limiter.max, duration: limiter.durationMs } } : {}),
      },
    );
    worker.on('error', () => {
      // Connection errors are retried by BullMQ; failed jobs are visible through getJob.
    });
    this.workers.add(worker);
    await worker.waitUntilReady();
    return {
      close: async () => {
        abort.abort();
        this.aborts.delete(abort);
        this.workers.delete(worker);
        await worker.close();
      },
    };
  }

  async getJob(name: JobName<C>, id: string): Promise<JobInfo | undefined> {
    this.assertOpen('get a job');
    const queue = this.queue(name);
    // State first, then the job: a job read before it completes and a state read after would
    // report 'completed' without its return value.
    const state = await queue.getJobState(id);
    const job = await queue.getJob(id);
    if (!job) return undefined;
    const info: JobInfo = {
      id,
      name: job.name,
      state: STATES[state] ?? 'unknown',
      attemptsMade: job.attemptsMade,
      payload: job.data,
    };
    if (job.failedReason) info.failedReason = job.failedReason;
    if (job.returnvalue !== undefined && job.returnvalue !== null) info.returnValue = job.returnvalue;
    return info;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const abort of this.aborts) abort.abort();
    await Promise.allSettled([...this.workers].map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    if (this.ownsConnection) await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private queue(name: string): Queue {
    definitionOf(this.catalogue, name);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on('error', () => {
        // Reported again by the failing call.
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private jobOptions(name: string): JobsOptions {
    const definition = definitionOf(this.catalogue, name);
    return {
      attempts: definition.attempts,
      backoff: { type: definition.backoff.type, delay: definition.backoff.delayMs },
      removeOnComplete: { count: this.options.keepCompleted ?? 1_000 },
      removeOnFail: { count: this.options.keepFailed ?? 5_000 },
    };
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new QueueClosedError(operation);
  }
}
