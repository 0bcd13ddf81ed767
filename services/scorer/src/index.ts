export { loadScorerEnv, type ScorerEnv, scorerEnvSchema } from './env.js';
export { type ScorerServiceDeps, startScorerService } from './service.js';
