import type { ConnectorInstanceConfig } from '@aims/config';
import type { AimsJobs, RateLimit } from '@aims/queue';

/** The job catalogue the pipeline uses (defined once in `@aims/queue`). */
export type PipelineJobs = AimsJobs;

/**
 * Redis key prefix of one instance's harvest queue. Each source instance gets its own queue, so
 * BullMQ's queue-wide rate limiter limits each source separately.
 */
export function harvestQueuePrefix(workspace: string, instance: string): string {
  return `aims:harvest:${workspace}:${instance}`;
}

/** The scheduler id of an instance's repeating harvest. */
export function harvestSchedulerId(workspace: string, instance: string): string {
  return `harvest:${workspace}:${instance}`;
}

/** Rate limit of an instance's harvest queue, from its config (default: one run per minute). */
export function harvestRateLimit(instance: ConnectorInstanceConfig): RateLimit {
  return instance.rateLimit
    ? { max: instance.rateLimit.max, durationMs: instance.rateLimit.per }
    : { max: 1, durationMs: 60_000 };
}

/**
 * A connector's request, from a webhook, to re-read part of a source soon: one slice and the
 * streams to read there (empty means all of them).
 */
export interface RefreshHint {
  slice: string;
  streams: readonly string[];
}
