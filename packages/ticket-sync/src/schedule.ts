import { defineJobCatalogue, type JobQueue, type JobWorker } from '@aims/queue';
import { z } from 'zod';
import type { SyncGapsResult, SyncGapsToJiraOptions } from './options.js';
import { syncGapsToJira } from './sync.js';

/**
 * The job of the scheduled sync, to merge into the queue's job catalogue
 * (`defineJobCatalogue({ ...aimsJobs, ...gapSyncJobs })`). One run at a time per workspace is
 * enough: a run takes what the catalogue holds when it starts.
 */
export const gapSyncJobs = defineJobCatalogue({
  /** Sync one workspace's gaps to Jira (scheduled from `tickets.jira.schedule`, or on demand). */
  'tickets.sync': {
    schema: z.object({ workspace: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }),
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 60_000 },
    timeoutMs: 30 * 60_000,
  },
});

export type GapSyncJobs = typeof gapSyncJobs;

/** Options of {@link scheduleGapSync}: those of every run, plus the queue to schedule on. */
export interface ScheduleGapSyncOptions extends Omit<SyncGapsToJiraOptions, 'signal' | 'accountCache'> {
  /** A queue whose catalogue includes {@link gapSyncJobs}. */
  queue: JobQueue<GapSyncJobs>;
  /** Called with each run's result (for metrics); failures are in it, not thrown. */
  onResult?: (result: SyncGapsResult) => void;
}

/** The scheduler id of a workspace's sync, unique per workspace. */
export const gapSyncSchedulerId = (workspace: string): string => `tickets.sync:${workspace}`;

/**
 * Schedules the workspace's gap sync every `tickets.jira.schedule.every` (first run right away when
 * `runOnStart`, else one interval from now) and starts the worker that runs it. Returns the worker
 * (close it on shutdown), or undefined and removes any earlier schedule when the config has no
 * `tickets.jira.schedule`. Owner account lookups are kept from run to run.
 */
export async function scheduleGapSync(options: ScheduleGapSyncOptions): Promise<JobWorker | undefined> {
  const { queue, onResult, ...run } = options;
  const workspace = run.config.workspace;
  const schedule = run.config.tickets?.jira?.schedule;
  const schedulerId = gapSyncSchedulerId(workspace);
  if (schedule === undefined) {
    await queue.unschedule(schedulerId);
    return undefined;
  }
  const accountCache = new Map<string, string | null>();
  const worker = await queue.process('tickets.sync', async (payload, context) => {
    if (payload.workspace !== workspace) return { skipped: payload.workspace };
    const result = await syncGapsToJira({ ...run, accountCache, signal: context.signal });
    onResult?.(result);
    return { counts: result.counts, failures: result.failures.length, requests: result.requests };
  });
  const startAt = schedule.runOnStart ? Date.now() : Date.now() + schedule.every;
  await queue.schedule(schedulerId, 'tickets.sync', { workspace }, { everyMs: schedule.every, startAt });
  return worker;
}
