import { createScheduler } from '@aims/scheduler';
import {
  harvestQueues,
  type Logger,
  loadWorkspace,
  orAbort,
  type Running,
  redisReadiness,
} from '@aims/service-kit';
import type { SchedulerEnv } from './env.js';

function queuesFor(env: SchedulerEnv, workspace: string) {
  return harvestQueues({ kind: env.JOB_QUEUE, redisUrl: env.REDIS_URL, workspace });
}

/**
 * Creates or updates one BullMQ job scheduler per scheduled connector instance, and again on
 * SIGHUP after re-reading the workspace config. A SIGTERM while the first sync waits for Redis
 * ends the start at once.
 */
export async function startSchedulerService(
  env: SchedulerEnv,
  logger: Logger,
  signal?: AbortSignal,
): Promise<Running> {
  let { config } = await loadWorkspace(env.AIMS_CONFIG);
  let queues = queuesFor(env, config.workspace);
  try {
    await orAbort(createScheduler({ config, queueFor: queues.queueFor, logger }).sync(), signal);
  } catch (error) {
    // Not awaited: closing waits for the Redis that did not answer; the process is exiting.
    void queues.close().catch(() => undefined);
    throw error;
  }
  const reload = () => {
    loadWorkspace(env.AIMS_CONFIG)
      .then(async ({ config: next }) => {
        await queues.close();
        config = next;
        queues = queuesFor(env, config.workspace);
        const result = await createScheduler({ config, queueFor: queues.queueFor, logger }).sync();
        logger.info(result, 'schedules reloaded');
      })
      .catch((error: unknown) =>
        logger.error({ err: error }, 'reloading the workspace config failed; schedules unchanged'),
      );
  };
  process.on('SIGHUP', reload);
  return {
    // Read through `queues` at each check: a reload replaces them.
    checks: redisReadiness(env.JOB_QUEUE, () => queues.ping()),
    async stop() {
      process.off('SIGHUP', reload);
      await queues.close();
    },
  };
}

/** Enqueues one manual harvest of `instance` (the `trigger` command). */
export async function triggerHarvest(
  env: SchedulerEnv,
  logger: Logger,
  instance: string,
  full: boolean,
): Promise<string> {
  const { config } = await loadWorkspace(env.AIMS_CONFIG);
  const queues = queuesFor(env, config.workspace);
  try {
    const { jobId } = await createScheduler({ config, queueFor: queues.queueFor, logger }).trigger(instance, {
      full,
    });
    return jobId;
  } finally {
    await queues.close();
  }
}
