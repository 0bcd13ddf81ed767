export { type BlobEnv, blobsFromEnv } from './adapters/blobs.js';
export { busFromEnv, createBus, type KafkaEnv, type KafkaSettings, kafkaSettingsOf } from './adapters/bus.js';
export {
  type CatalogueEnv,
  type CatalogueLocation,
  CatalogueNotReadyError,
  catalogueFromEnv,
  describeCatalogue,
  openCatalogue,
  openMigratedCatalogue,
  type WaitForSchemaOptions,
  waitForCatalogueSchema,
} from './adapters/catalogue.js';
export {
  type ExportQueues,
  exportQueuePrefix,
  exportQueues,
  type HarvestQueues,
  harvestQueues,
  type QueueOptions,
  type TicketQueues,
  ticketQueuePrefix,
  ticketQueues,
} from './adapters/queues.js';
export { pingRedis, type SharedRedis, sharedRedis } from './adapters/redis.js';
export { type BusStageDeps, type BusStageParts, startBusStage } from './bus-stage.js';
export {
  alongsideFieldIssues,
  blobEnv,
  catalogueEnv,
  checkBlobEnv,
  checkKafkaEnv,
  checkQueueEnv,
  commonEnv,
  csv,
  envIssue,
  flag,
  healthEnv,
  httpEnv,
  kafkaEnv,
  libraryEnv,
  positiveInt,
  redisEnv,
  serviceEnv,
  workspacesEnv,
} from './env/fragments.js';
export { type EnvMeta, secret } from './env/meta.js';
export { EnvError, type EnvIssue, parseEnv } from './env/parse.js';
export {
  type EnvReferenceEntry,
  type EnvVariable,
  envReferenceMarkdown,
  envVariables,
} from './env/reference.js';
export {
  DEFAULT_GRACE_MS,
  type HealthEndpoint,
  orAbort,
  type Running,
  type RunServiceOptions,
  runService,
  type ServiceHost,
  type StartService,
} from './lifecycle.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export { type ServiceContext, type ServiceMainEnv, type ServiceMainOptions, serviceMain } from './main.js';
export { type MigrateResult, migrate, migrateEnvSchema } from './migrate.js';
export {
  blobReadiness,
  busReadiness,
  catalogueReadiness,
  type ReadinessChecks,
  redisReadiness,
} from './readiness.js';
export { REDACTED, redactSecretFields } from './redaction.js';
export { loadServedWorkspaces, type ServedWorkspace } from './served-workspaces.js';
export {
  type LoadedWorkspace,
  loadWorkspace,
  overlayFiles,
  resolveWorkspacePaths,
  workspaceOverlays,
} from './workspace.js';
