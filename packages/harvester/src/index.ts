export { BatchingPublisher, type BatchingPublisherOptions } from './batching-publisher.js';
export { CatalogueCheckpointStore } from './checkpoints.js';
export { blobContentStore, blobStreamedContentStore, ContentDigestMismatchError } from './content.js';
export {
  type AnyConnector,
  createHarvester,
  type Harvester,
  type HarvesterOptions,
  type HarvestRequest,
  type HarvestTarget,
  UnknownConnectorError,
} from './engine.js';
export { type HarvestWorkerOptions, startHarvestWorkers } from './jobs.js';
export { type InstanceProblem, InstancesNotReadyError, preflightInstances } from './preflight.js';
