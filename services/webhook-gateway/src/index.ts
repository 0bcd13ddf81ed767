export { type GatewayEnv, gatewayEnvSchema, loadGatewayEnv } from './env.js';
export { type GatewayRunning, startGatewayService } from './service.js';
