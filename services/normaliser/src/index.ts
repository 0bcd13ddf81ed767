export { loadNormaliserEnv, type NormaliserEnv, normaliserEnvSchema } from './env.js';
export { startNormaliserService } from './service.js';
