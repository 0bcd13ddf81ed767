export { BatchingPublisher, type BatchingPublisherOptions } from './harvester/batching-publisher.js';
export { CatalogueCheckpointStore } from './harvester/checkpoints.js';
export {
  type AnyConnector,
  createHarvester,
  type Harvester,
  type HarvesterOptions,
  type HarvestRequest,
  UnknownConnectorError,
} from './harvester/engine.js';
export { type HarvestWorkerOptions, startHarvestWorkers } from './harvester/jobs.js';
export { createLogger, type Logger, redactedPaths, silentLogger } from './logger.js';
export {
  type Decoded,
  type DecodeRules,
  decodeRawMessage,
  type ValidationOutcome,
} from './normaliser/decode.js';
export {
  BatchAbortedError,
  type BatchStats,
  createNormaliser,
  type Normaliser,
  type NormaliserOptions,
} from './normaliser/engine.js';
export { type ExpiryRule, libraryExpiry, toWrite } from './normaliser/mapping.js';
export { contractDecodeRules, defaultMaxRecordBytes } from './normaliser/rules.js';
export { createBus, harvestQueues, openCatalogue } from './runtime/adapters.js';
export {
  catalogueEnv,
  commonEnv,
  EnvError,
  libraryEnv,
  parseEnv,
  positiveInt,
  redisEnv,
  requireBrokers,
} from './runtime/env.js';
export { type Running, runService } from './runtime/lifecycle.js';
export {
  createScheduler,
  refreshScope,
  type Scheduler,
  type SchedulerOptions,
  UnknownInstanceError,
} from './scheduler/engine.js';
export {
  harvestQueuePrefix,
  harvestRateLimit,
  harvestSchedulerId,
  type PipelineJobs,
  type RefreshHint,
} from './scheduler/jobs.js';
export { createScorer, type Scorer, type ScorerOptions } from './scorer/engine.js';
export { ExpiryTimer } from './scorer/expiry-timer.js';
export type { InventoryEntry } from './scorer/scopes.js';
export { defaultTopics, dlqTopic, type PipelineTopics, prefixedTopics } from './topics.js';
export { createWebhookApp, createWebhookRouter, type WebhookAppOptions } from './webhooks/app.js';
export { type DeliveryLog, MemoryDeliveryLog } from './webhooks/deliveries.js';
export { WebhookError } from './webhooks/errors.js';
export { githubWebhookSource } from './webhooks/github-source.js';
export { webhookConnectorConfig } from './webhooks/instance-config.js';
export { jiraWebhookSource } from './webhooks/jira-source.js';
export {
  headerOf,
  type WebhookDelivery,
  type WebhookMapping,
  type WebhookSource,
} from './webhooks/source.js';
