import { createLogger, runService } from '@aims/pipeline';
import { loadNormaliserEnv } from './env.js';
import { startNormaliserService } from './service.js';

const env = loadNormaliserEnv();
const logger = createLogger('normaliser', { level: env.LOG_LEVEL });
await runService(logger, () => startNormaliserService(env, logger));
