export { type ApiAppOptions, createApiApp } from './app.js';
export { type EvidenceSink, rawEvidenceSink, rawEvidenceTopic } from './audits/sink.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ScoresPendingError,
  statusOf,
  UnauthorizedError,
  UnknownWorkspaceError,
  UnprocessableError,
} from './errors.js';
export { apiKeyView, type KeyAdmin, type KeyAdminActor, keyAdmin, LOCAL_OPERATOR } from './keys/admin.js';
export { hashApiKey, type StaticApiKey, staticApiKeys } from './middleware/auth.js';
export {
  type AuthFailureLimiter,
  type LimiterOptions,
  MemoryAuthFailureLimiter,
  RedisAuthFailureLimiter,
  TooManyAuthFailuresError,
} from './middleware/auth-failures.js';
export {
  anyApiKey,
  apiKeyRecord,
  catalogueApiKeys,
  keyProblem,
  newApiKey,
} from './middleware/catalogue-keys.js';
export {
  type ApiKeyVerifier,
  type ApiOptions,
  type ApiPrincipal,
  type ConnectorInstanceInfo,
  type ExportsPort,
  type HarvestTrigger,
  type HealthCheck,
  SCOPES,
} from './options.js';
export { type ForecastFacts, forecastView } from './views/forecast.js';
export { apiGap, compareGaps, gapsToCsv, gapViews, ownerOf, ticketView } from './views/gaps.js';
