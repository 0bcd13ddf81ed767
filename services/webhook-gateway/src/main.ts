import { createLogger, runService } from '@aims/pipeline';
import { loadGatewayEnv } from './env.js';
import { startGatewayService } from './service.js';

const env = loadGatewayEnv();
const logger = createLogger('webhook-gateway', { level: env.LOG_LEVEL });
await runService(logger, () => startGatewayService(env, logger));
