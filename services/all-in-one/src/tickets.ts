import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import { type AimsJobs, aimsJobs, EmbeddedJobQueue, type JobQueue } from '@aims/queue';
import type { Logger } from '@aims/service-kit';

/** The scheduled gap ticket sync of the all-in-one: its in-process queue, and how to stop it. */
export interface GapTicketSync {
  /** The queue `tickets.sync` is scheduled on (`listSchedules()`, or `enqueue` for a run now). */
  queue: JobQueue<AimsJobs>;
  close(): Promise<void>;
}

export interface GapTicketSyncOptions {
  config: WorkspaceConfig;
  configFile: string;
  catalogue: Catalogue;
  /** Where `tickets.jira.emailEnv` and `apiTokenEnv` are looked up. */
  secrets: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/**
 * Schedules the workspace's gap sync to Jira (`@aims/ticket-sync`) on an in-process queue when the
 * config has `tickets.jira`, every `tickets.jira.schedule.every` (default hourly). Each run logs
 * its counts and every failed gap; the tickets' status and assignee land on the gaps. Without
 * `tickets.jira`: nothing, and the Jira client is never loaded.
 */
export async function startGapTicketSync(options: GapTicketSyncOptions): Promise<GapTicketSync | undefined> {
  if (options.config.tickets?.jira === undefined) return undefined;
  const { scheduleGapSync } = await import('@aims/ticket-sync');
  const queue = new EmbeddedJobQueue(aimsJobs);
  try {
    const worker = await scheduleGapSync({
      queue,
      config: options.config,
      configFile: options.configFile,
      catalogue: options.catalogue,
      env: options.secrets,
      logger: options.logger,
    });
    return {
      queue,
      async close() {
        await worker?.close();
        await queue.close();
      },
    };
  } catch (error) {
    await queue.close();
    throw error;
  }
}
