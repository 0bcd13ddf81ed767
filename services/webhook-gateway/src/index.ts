export { type GatewayEnv, gatewayEnvSchema, loadGatewayEnv } from './env.js';
export { type GatewayRunning, type GatewayServiceDeps, startGatewayService } from './service.js';
