export { loadSchedulerEnv, type SchedulerEnv, schedulerEnvSchema } from './env.js';
export { startSchedulerService, triggerHarvest } from './service.js';
