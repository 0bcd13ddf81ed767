import { createLogger, runService } from '@aims/pipeline';
import { loadScorerEnv } from './env.js';
import { startScorerService } from './service.js';

const env = loadScorerEnv();
const logger = createLogger('scorer', { level: env.LOG_LEVEL });
await runService(logger, () => startScorerService(env, logger));
