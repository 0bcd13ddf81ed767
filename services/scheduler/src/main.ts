import { createLogger, EnvError, serviceMain } from '@aims/service-kit';
import { loadSchedulerEnv } from './env.js';
import { startSchedulerService, triggerHarvest } from './service.js';

// Usage: main.js                              keep the schedules of the workspace config in place
//        main.js trigger <instance> [--full]  run one harvest now
const [command, instance, ...flags] = process.argv.slice(2);
if (command === 'trigger') {
  let env: ReturnType<typeof loadSchedulerEnv>;
  try {
    env = loadSchedulerEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger('scheduler', { level: env.LOG_LEVEL });
  if (!instance) {
    process.stderr.write('usage: trigger <instance> [--full]\n');
    process.exit(2);
  }
  try {
    const jobId = await triggerHarvest(env, logger, instance, flags.includes('--full'));
    process.stdout.write(`${JSON.stringify({ instance, jobId })}\n`);
  } catch (error) {
    logger.fatal({ err: error }, 'trigger failed');
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
} else {
  await serviceMain({ service: 'scheduler', loadEnv: loadSchedulerEnv, start: startSchedulerService });
}
