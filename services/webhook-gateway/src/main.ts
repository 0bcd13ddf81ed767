import { serviceMain } from '@aims/service-kit';
import { loadGatewayEnv } from './env.js';
import { startGatewayService } from './service.js';

await serviceMain({
  service: 'webhook-gateway',
  loadEnv: loadGatewayEnv,
  start: (env, logger, signal, context) => startGatewayService(env, logger, { ...context, signal }),
});
