export { connectorRegistry } from './connectors.js';
export { type HarvesterEnv, harvesterEnvSchema, loadHarvesterEnv } from './env.js';
export { type HarvesterServiceDeps, startHarvesterService } from './service.js';
