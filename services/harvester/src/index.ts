export { connectorRegistry } from './connectors.js';
export { type HarvesterEnv, harvesterEnvSchema, loadHarvesterEnv } from './env.js';
export { startHarvesterService } from './service.js';
