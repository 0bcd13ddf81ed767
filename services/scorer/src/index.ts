export { loadScorerEnv, type ScorerEnv, scorerEnvSchema } from './env.js';
export { startScorerService } from './service.js';
