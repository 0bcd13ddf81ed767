import { randomUUID } from 'node:crypto';
import { backoffDelayMs, definitionOf, parsePayload, runJob } from './catalogue.js';
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
  JobWorker,
  ProcessOptions,
  RateLimit,
  ScheduleInfo,
  ScheduleOptions,
} from './port.js';

interface StoredJob {
  info: JobInfo;
}

interface LocalWorker {
  name: string;
  handler: JobHandler<never>;
  concurrency: number;
  active: number;
  abort: AbortController;
  running: Set<Promise<void>>;
}

interface LocalSchedule {
  info: ScheduleInfo;
  payload: unknown;
  timer: NodeJS.Timeout;
}

/** JobQueue in one process: timers for delays, retries and schedules; nothing survives a restart. */
export class EmbeddedJobQueue<C extends JobCatalogue> implements JobQueue<C> {
  private readonly jobs = new Map<string, StoredJob>();
  /** Coalesce key -> id of the job last added with it. */
  private readonly coalesced = new Map<string, string>();
  private readonly waiting = new Map<string, string[]>();
  private readonly workers = new Set<LocalWorker>();
  private readonly limits = new Map<string, { limit: RateLimit; starts: number[] }>();
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(readonly catalogue: C) {}

  async enqueue<N extends JobName<C>>(name: N, payload: JobInput<C, N>, options: EnqueueOptions = {}) {
    this.assertOpen('enqueue');
    return { id: this.add(name, parsePayload(this.catalogue, name, payload), options) };
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
    await this.unschedule(schedulerId);
    const first = Math.max(0, (options.startAt ?? Date.now()) - Date.now());
    const schedule: LocalSchedule = {
      info: { schedulerId, name, everyMs: options.everyMs, next: Date.now() + first },
      payload: data,
      timer: setTimeout(() => this.tick(schedule), first),
    };
    this.schedules.set(schedulerId, schedule);
  }

  async unschedule(schedulerId: string): Promise<boolean> {
    const schedule = this.schedules.get(schedulerId);
    if (!schedule) return false;
    clearTimeout(schedule.timer);
    this.schedules.delete(schedulerId);
    return true;
  }

  async listSchedules(): Promise<ScheduleInfo[]> {
    return [...this.schedules.values()].map((s) => ({ ...s.info }));
  }

  async process<N extends JobName<C>>(
    name: N,
    handler: JobHandler<JobPayload<C, N>>,
    options: ProcessOptions = {},
  ): Promise<JobWorker> {
    this.assertOpen('process');
    const limit = options.limiter ?? definitionOf(this.catalogue, name).limiter;
    if (limit) this.limits.set(name, { limit, starts: this.limits.get(name)?.starts ?? [] });
    const worker: LocalWorker = {
      name,
      handler: handler as JobHandler<never>,
      concurrency: Math.max(1, options.concurrency ?? 1),
      active: 0,
      abort: new AbortController(),
      running: new Set(),
    };
    this.workers.add(worker);
    this.pump(name);
    return { close: () => this.stopWorker(worker) };
  }

  async getJob(_name: JobName<C>, id: string): Promise<JobInfo | undefined> {
    const job = this.jobs.get(id);
    return job ? { ...job.info } : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const schedule of this.schedules.values()) clearTimeout(schedule.timer);
    this.schedules.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.workers].map((w) => this.stopWorker(w)));
  }

  private add(name: string, payload: unknown, options: EnqueueOptions): string {
    const key = options.coalesceKey;
    const last = key === undefined ? undefined : this.jobs.get(this.coalesced.get(key) ?? '');
    if (last && (last.info.state === 'waiting' || last.info.state === 'delayed')) return last.info.id;
    const id = options.jobId ?? randomUUID();
    if (this.jobs.has(id)) return id;
    if (key !== undefined) this.coalesced.set(key, id);
    const delayed = (options.delayMs ?? 0) > 0;
    this.jobs.set(id, {
      info: { id, name, state: delayed ? 'delayed' : 'waiting', attemptsMade: 0, payload },
    });
    if (delayed) this.later(options.delayMs ?? 0, () => this.release(id));
    else this.release(id);
    return id;
  }

  private tick(schedule: LocalSchedule): void {
    if (this.closed || this.schedules.get(schedule.info.schedulerId) !== schedule) return;
    this.add(schedule.info.name, schedule.payload, {});
    schedule.info.next = Date.now() + schedule.info.everyMs;
    schedule.timer = setTimeout(() => this.tick(schedule), schedule.info.everyMs);
  }

  private release(id: string): void {
    const job = this.jobs.get(id);
    if (!job || this.closed) return;
    job.info.state = 'waiting';
    const list = this.waiting.get(job.info.name) ?? [];
    list.push(id);
    this.waiting.set(job.info.name, list);
    this.pump(job.info.name);
  }

  private later(delayMs: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Starts waiting jobs on free workers, within the rate limit. */
  private pump(name: string): void {
    const list = this.waiting.get(name) ?? [];
    for (const worker of this.workers) {
      if (worker.name !== name) continue;
      while (list.length > 0 && worker.active < worker.concurrency) {
        const wait = this.rateLimitWait(name);
        if (wait > 0) {
          this.later(wait, () => this.pump(name));
          return;
        }
        const id = list.shift() as string;
        this.start(worker, id);
      }
    }
  }

  private rateLimitWait(name: string): number {
    const entry = this.limits.get(name);
    if (!entry) return 0;
    const now = Date.now();
    entry.starts = entry.starts.filter((t) => t > now - entry.limit.durationMs);
    if (entry.starts.length < entry.limit.max) {
      entry.starts.push(now);
      return 0;
    }
    return (entry.starts[0] as number) + entry.limit.durationMs - now;
  }

  private start(worker: LocalWorker, id: string): void {
    const job = this.jobs.get(id) as StoredJob;
    const { info } = job;
    info.state = 'active';
    worker.active += 1;
    const run = (async () => {
      try {
        const result = await runJob(
          this.catalogue,
          worker.handler,
          { id, name: info.name, payload: info.payload, attempt: info.attemptsMade + 1 },
          worker.abort.signal,
        );
        info.attemptsMade += 1;
        info.state = 'completed';
        if (result !== undefined) info.returnValue = result;
      } catch (error) {
        info.attemptsMade += 1;
        info.failedReason = error instanceof Error ? error.message : String(error);
        const definition = definitionOf(this.catalogue, info.name);
        if (info.attemptsMade < definition.attempts && !this.closed) {
          info.state = 'delayed';
          this.later(backoffDelayMs(definition.backoff, info.attemptsMade), () => this.release(id));
        } else {
          info.state = 'failed';
        }
      } finally {
        worker.active -= 1;
        this.pump(info.name);
      }
    })();
    worker.running.add(run);
    void run.finally(() => worker.running.delete(run));
  }

  private async stopWorker(worker: LocalWorker): Promise<void> {
    this.workers.delete(worker);
    worker.abort.abort();
    await Promise.allSettled([...worker.running]);
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new QueueClosedError(operation);
  }
}
