import { createLogger, runService } from '@aims/pipeline';
import { loadHarvesterEnv } from './env.js';
import { startHarvesterService } from './service.js';

const env = loadHarvesterEnv();
const logger = createLogger('harvester', { level: env.LOG_LEVEL });
await runService(logger, () => startHarvesterService(env, logger));
