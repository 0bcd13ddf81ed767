/**
 * JobQueue port: a typed job catalogue, interval schedules, manual triggers, retries with
 * backoff, per-job timeouts, concurrency and rate limits.
 * Adapters: BullMQ on Redis (`BullMqJobQueue`) and in-process (`EmbeddedJobQueue`).
 */
import type { z } from 'zod';

export interface BackoffPolicy {
  type: 'fixed' | 'exponential';
  /** First retry delay; exponential doubles it each attempt. */
  delayMs: number;
}

export interface RateLimit {
  /** At most `max` jobs start per `durationMs` window, across all workers of the queue. */
  max: number;
  durationMs: number;
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Payload schema; payloads are validated on enqueue and again before the handler runs. */
  schema: Schema;
  /** Total tries including the first. */
  attempts: number;
  backoff: BackoffPolicy;
  /** A run taking longer fails with `JobTimeoutError` (retried like any failure). */
  timeoutMs: number;
  /** Default rate limit for workers of this job; `process` options can override it. */
  limiter?: RateLimit;
}

/** One place listing every job: name to definition. Build it with `defineJobCatalogue`. */
export type JobCatalogue = Record<string, JobDefinition>;

export type JobName<C extends JobCatalogue> = Extract<keyof C, string>;
export type JobPayload<C extends JobCatalogue, N extends JobName<C>> = z.output<C[N]['schema']>;
export type JobInput<C extends JobCatalogue, N extends JobName<C>> = z.input<C[N]['schema']>;

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id that still exists is not added again. */
  jobId?: string;
  /**
   * Coalesces requests: while the job last added with this key waits (or is delayed), adding
   * another returns that job instead. Once it runs, the next request adds a new job, so a change
   * noticed during a run is not lost (BullMQ deduplication with `keepLastIfActive`).
   */
  coalesceKey?: string;
  delayMs?: number;
}

export interface ScheduleOptions {
  /** Repeat interval. */
  everyMs: number;
  /** Epoch ms of the first run. Default: now (the first run happens right away). */
  startAt?: number;
}

export interface ScheduleInfo {
  schedulerId: string;
  name: string;
  everyMs: number;
  /** Epoch ms of the next run, when known. */
  next?: number;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  /** Tries made so far. */
  attemptsMade: number;
  payload: unknown;
  failedReason?: string;
  returnValue?: unknown;
}

export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the timeout fires or the worker closes. */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<unknown>;

export interface ProcessOptions {
  /** Jobs run at the same time by this worker. Default 1. */
  concurrency?: number;
  limiter?: RateLimit;
}

export interface JobWorker {
  close(): Promise<void>;
}

export interface JobQueue<C extends JobCatalogue> {
  readonly catalogue: C;
  /** Adds one job now (a manual trigger) or after `delayMs`. Validates the payload. */
  enqueue<N extends JobName<C>>(
    name: N,
    payload: JobInput<C, N>,
    options?: EnqueueOptions,
  ): Promise<{ id: string }>;
  /** Creates or replaces the interval schedule `schedulerId` (BullMQ upsertJobScheduler). */
  schedule<N extends JobName<C>>(
    schedulerId: string,
    name: N,
    payload: JobInput<C, N>,
    options: ScheduleOptions,
  ): Promise<void>;
  /** Removes a schedule; true when it existed. */
  unschedule(schedulerId: string): Promise<boolean>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /** Starts a worker for one job name. */
  process<N extends JobName<C>>(
    name: N,
    handler: JobHandler<JobPayload<C, N>>,
    options?: ProcessOptions,
  ): Promise<JobWorker>;
  getJob(name: JobName<C>, id: string): Promise<JobInfo | undefined>;
  /** Closes workers, schedules' timers (embedded) and connections. */
  close(): Promise<void>;
}
