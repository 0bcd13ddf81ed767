export { loadNormaliserEnv, type NormaliserEnv, normaliserEnvSchema } from './env.js';
export { type NormaliserServiceDeps, startNormaliserService } from './service.js';
