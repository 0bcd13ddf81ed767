export { createApiApp } from './app.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ScoresPendingError,
  statusOf,
  UnauthorizedError,
} from './errors.js';
export { hashApiKey, type StaticApiKey, staticApiKeys } from './middleware/auth.js';
export {
  type ApiKeyVerifier,
  type ApiOptions,
  type ApiPrincipal,
  type ConnectorInstanceInfo,
  type HarvestTrigger,
  type HealthCheck,
  SCOPES,
} from './options.js';
