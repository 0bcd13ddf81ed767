import { z } from 'zod';
import { defineJobCatalogue } from './catalogue.js';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

/** The jobs of AIMS Evidence Mesh: one place for names, payloads, retries and timeouts. */
export const aimsJobs = defineJobCatalogue({
  /** Harvest one connector instance (scheduled, manual or webhook-triggered). */
  'harvest.run': {
    schema: z.object({
      workspace: slug,
      instance: slug,
      connector: slug,
      trigger: z.enum(['schedule', 'manual', 'webhook']),
      /** Ignore the stored cursor and read everything. */
      full: z.boolean().optional(),
      /** Only these slices (e.g. `repo:acme/models`), as a webhook's refresh asks; default all. */
      slices: z.array(z.string().min(1).max(512)).min(1).max(100).optional(),
      /** Only these streams of each slice; default all. */
      streams: z.array(slug).min(1).max(50).optional(),
    }),
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 30_000 },
    timeoutMs: 30 * 60_000,
  },
  /** Build the auditor bundle of one export request (POST /v1/exports). */
  'export.run': {
    schema: z.object({ workspace: slug, exportId: z.uuid() }),
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 10_000 },
    timeoutMs: 60 * 60_000,
  },
  /** Rescore controls whose evidence goes stale at `dueAt`. */
  'scores.expire': {
    schema: z.object({ workspace: slug, dueAt: z.iso.datetime({ offset: true }) }),
    attempts: 5,
    backoff: { type: 'exponential', delayMs: 5_000 },
    timeoutMs: 5 * 60_000,
  },
  /**
   * Sync one workspace's gaps to Jira (`@aims/ticket-sync`, scheduled from `tickets.jira.schedule`).
   * One run at a time per workspace is enough: a run takes what the catalogue holds when it starts.
   */
  'tickets.sync': {
    schema: z.object({ workspace: slug }),
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 60_000 },
    timeoutMs: 30 * 60_000,
  },
});

export type AimsJobs = typeof aimsJobs;
