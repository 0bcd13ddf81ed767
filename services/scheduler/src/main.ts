import { createLogger, runService } from '@aims/pipeline';
import { loadSchedulerEnv } from './env.js';
import { startSchedulerService, triggerHarvest } from './service.js';

// Usage: main.js                      keep the schedules of the workspace config in place
//        main.js trigger <instance> [--full]   run one harvest now
const env = loadSchedulerEnv();
const logger = createLogger('scheduler', { level: env.LOG_LEVEL });
const [command, instance, ...flags] = process.argv.slice(2);
if (command === 'trigger') {
  if (!instance) {
    logger.fatal('usage: trigger <instance> [--full]');
    process.exit(2);
  }
  try {
    const jobId = await triggerHarvest(env, logger, instance, flags.includes('--full'));
    process.stdout.write(`${JSON.stringify({ instance, jobId })}\n`);
  } catch (error) {
    logger.fatal({ err: error }, 'trigger failed');
    process.exit(1);
  }
} else {
  await runService(logger, () => startSchedulerService(env, logger));
}
