export {
  createScheduler,
  refreshScope,
  type Scheduler,
  type SchedulerOptions,
  UnknownInstanceError,
} from './engine.js';
export {
  harvestQueuePrefix,
  harvestRateLimit,
  harvestSchedulerId,
  type PipelineJobs,
  type RefreshHint,
} from './jobs.js';
