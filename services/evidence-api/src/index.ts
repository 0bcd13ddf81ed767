export { type EvidenceApiEnv, evidenceApiEnvSchema, loadEvidenceApiEnv, takeEvidenceApiEnv } from './env.js';
export { apiKeyVerifier, workspacesWithoutKeys } from './keys.js';
export { type EvidenceApiDeps, type EvidenceApiRunning, startEvidenceApiService } from './service.js';
export { type SharedDeps, workspaceApi } from './workspace-api.js';
