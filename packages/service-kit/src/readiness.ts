import type { BlobStore } from '@aims/blobs';
import type { EventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import type { ReadinessCheck } from '@aims/telemetry';

/** Readiness checks by the name /readyz shows (`kafka`, `postgres`, `redis`, `s3`…). */
export type ReadinessChecks = Record<string, ReadinessCheck>;

/** `kafka` (the cluster describes itself), or `bus` for the embedded one (open). */
export function busReadiness(kind: 'kafka' | 'embedded', bus: EventBus): ReadinessChecks {
  return { [kind === 'kafka' ? 'kafka' : 'bus']: () => (bus.ping ? bus.ping() : Promise.resolve()) };
}

/** `postgres` or `sqlite`, by the catalogue's URL: a trivial query answers. */
export function catalogueReadiness(url: string, catalogue: Catalogue): ReadinessChecks {
  return { [url.startsWith('sqlite:') ? 'sqlite' : 'postgres']: () => catalogue.ping() };
}

/** `redis` for BullMQ queues (PING on their connection); nothing for embedded queues. */
export function redisReadiness(kind: 'bullmq' | 'embedded', ping: () => Promise<void>): ReadinessChecks {
  return kind === 'bullmq' ? { redis: ping } : {};
}

/** `s3` (HeadBucket) or `folder` (writable), as BLOB_STORE says. */
export function blobReadiness(kind: 's3' | 'folder', blobs: BlobStore): ReadinessChecks {
  return { [kind]: () => (blobs.ping ? blobs.ping() : Promise.resolve()) };
}
