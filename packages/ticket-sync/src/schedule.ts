import { aimsJobs, defineJobCatalogue, type JobQueue, type JobWorker } from '@aims/queue';
import type { SyncGapsResult, SyncGapsToJiraOptions } from './options.js';
import { syncGapsToJira } from './sync.js';

/**
 * The job of the scheduled sync, `tickets.sync`, as the mesh's one job catalogue (`aimsJobs` in
 * `@aims/queue`) defines it: a queue on `aimsJobs` runs it, and so does one on this catalogue alone.
 */
export const gapSyncJobs = defineJobCatalogue({ 'tickets.sync': aimsJobs['tickets.sync'] });

export type GapSyncJobs = typeof gapSyncJobs;

/** How often the gaps are synced when `tickets.jira` has no `schedule`: every hour. */
export const DEFAULT_GAP_SYNC_EVERY_MS = 60 * 60_000;

/** Options of {@link scheduleGapSync}: those of every run, plus the queue to schedule on. */
export interface ScheduleGapSyncOptions extends Omit<SyncGapsToJiraOptions, 'signal' | 'accountCache'> {
  /** A queue whose catalogue includes {@link gapSyncJobs} (`aimsJobs` does). */
  queue: JobQueue<GapSyncJobs>;
  /** Called with each run's result (for metrics); failures are in it, not thrown. */
  onResult?: (result: SyncGapsResult) => void;
  /** Called when a run fails as a whole (config, credentials, Jira unreadable); the job is then retried. */
  onError?: (error: unknown) => void;
}

/** The scheduler id of a workspace's sync, unique per workspace. */
export const gapSyncSchedulerId = (workspace: string): string => `tickets.sync:${workspace}`;

/**
 * Schedules the workspace's gap sync every `tickets.jira.schedule.every` (default
 * {@link DEFAULT_GAP_SYNC_EVERY_MS}; first run right away when `runOnStart`, else one interval from
 * now) and starts the worker that runs it. Each run logs its counts and every failed gap (through
 * `logger`), and a run that fails as a whole is logged before the queue retries it. Returns the
 * worker (close it on shutdown), or undefined and removes any earlier schedule when the config has
 * no `tickets.jira`. Owner account lookups are kept from run to run.
 */
export async function scheduleGapSync(options: ScheduleGapSyncOptions): Promise<JobWorker | undefined> {
  const { queue, onResult, onError, ...run } = options;
  const workspace = run.config.workspace;
  const jira = run.config.tickets?.jira;
  const schedulerId = gapSyncSchedulerId(workspace);
  if (jira === undefined) {
    await queue.unschedule(schedulerId);
    return undefined;
  }
  const schedule = jira.schedule ?? { every: DEFAULT_GAP_SYNC_EVERY_MS, runOnStart: false };
  const accountCache = new Map<string, string | null>();
  const worker = await queue.process('tickets.sync', async (payload, context) => {
    if (payload.workspace !== workspace) return { skipped: payload.workspace };
    let result: SyncGapsResult;
    try {
      result = await syncGapsToJira({ ...run, accountCache, signal: context.signal });
    } catch (error) {
      const logger = run.logger;
      const entry = { workspace, project: jira.project, attempt: context.attempt, err: error };
      if (logger?.error) logger.error(entry, 'gap ticket sync run failed');
      else logger?.warn(entry, 'gap ticket sync run failed');
      onError?.(error);
      throw error;
    }
    onResult?.(result);
    return {
      counts: result.counts,
      // The job's record names the failed gaps (the first hundred; the log has every one).
      failures: result.failures
        .slice(0, 100)
        .map(({ gapId, operation, code }) => ({ gapId, operation, code })),
      requests: result.requests,
    };
  });
  const startAt = schedule.runOnStart ? Date.now() : Date.now() + schedule.every;
  await queue.schedule(schedulerId, 'tickets.sync', { workspace }, { everyMs: schedule.every, startAt });
  const where = {
    workspace,
    project: jira.project,
    everyMs: schedule.every,
    firstRunAt: new Date(startAt).toISOString(),
  };
  run.logger?.info(where, 'gap ticket sync scheduled');
  // Names only, never values: each run fails (and says so) until the variables are set.
  const unset = [jira.emailEnv, jira.apiTokenEnv].filter((name) => !run.env[name]);
  if (unset.length > 0)
    run.logger?.warn({ ...where, unset }, 'the Jira credential variables of tickets.jira are not set');
  return worker;
}
