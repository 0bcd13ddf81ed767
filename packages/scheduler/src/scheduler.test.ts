import type { WorkspaceConfig } from '@aims/config';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { silentLogger } from '@aims/service-kit';
import { waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { createScheduler, refreshScope, UnknownInstanceError } from './engine.js';
import { harvestRateLimit } from './jobs.js';

const config: WorkspaceConfig = {
  workspace: 'acme',
  owners: {},
  aiSystems: [],
  webhooks: { dedupWindow: 86_400_000 },
  connectors: [
    {
      instance: 'acme-github',
      connector: 'github',
      enabled: true,
      schedule: { every: 900_000, runOnStart: false },
      rateLimit: { max: 2, per: 60_000 },
      config: {},
    },
    { instance: 'policies', connector: 'local-folder', enabled: true, config: {} },
    {
      instance: 'old-jira',
      connector: 'jira',
      enabled: false,
      schedule: { every: 60_000, runOnStart: true },
      config: {},
    },
  ],
};

function setup() {
  const queues = new Map<string, EmbeddedJobQueue<typeof aimsJobs>>();
  const scheduler = createScheduler({
    config,
    logger: silentLogger(),
    queueFor: (instance) => {
      const queue = queues.get(instance.instance) ?? new EmbeddedJobQueue(aimsJobs);
      queues.set(instance.instance, queue);
      return queue;
    },
  });
  return { scheduler, queues };
}

describe('scheduler', () => {
  it('keeps one interval schedule per enabled, scheduled instance, each on its own queue', async () => {
    const { scheduler, queues } = setup();
    const result = await scheduler.sync();
    expect(result.scheduled).toEqual(['acme-github']);
    const schedules = await queues.get('acme-github')?.listSchedules();
    expect(schedules).toEqual([
      expect.objectContaining({
        schedulerId: 'harvest:acme:acme-github',
        name: 'harvest.run',
        everyMs: 900_000,
      }),
    ]);
    expect(await queues.get('policies')?.listSchedules()).toEqual([]);
    expect(await queues.get('old-jira')?.listSchedules()).toEqual([]);
    for (const q of queues.values()) await q.close();
  });

  it('coalesces manual runs of one mode while they wait and refuses unknown or disabled instances', async () => {
    const { scheduler, queues } = setup();
    const first = await scheduler.trigger('policies');
    const again = await scheduler.trigger('policies');
    expect(again.jobId).toBe(first.jobId);
    const job = await queues.get('policies')?.getJob('harvest.run', first.jobId);
    expect(job?.payload).toEqual({
      workspace: 'acme',
      instance: 'policies',
      connector: 'local-folder',
      trigger: 'manual',
    });
    // A full run asked for while the incremental one waits is its own job.
    const full = await scheduler.trigger('policies', { full: true });
    expect(full.jobId).not.toBe(first.jobId);
    expect((await scheduler.trigger('policies', { full: true })).jobId).toBe(full.jobId);
    const fullJob = await queues.get('policies')?.getJob('harvest.run', full.jobId);
    expect(fullJob?.payload).toEqual(expect.objectContaining({ trigger: 'manual', full: true }));
    await expect(scheduler.trigger('nope')).rejects.toBeInstanceOf(UnknownInstanceError);
    await expect(scheduler.trigger('old-jira')).rejects.toThrow("'old-jira' is disabled");
    for (const q of queues.values()) await q.close();
  });

  it('enqueues one webhook refresh per scope while it waits, limited to the hinted slices and streams', async () => {
    const { scheduler, queues } = setup();
    const hints = [
      { slice: 'repo:acme/models', streams: ['pull-requests'] },
      { slice: 'repo:acme/infra', streams: ['pull-requests'] },
      { slice: 'repo:acme/models', streams: ['documents'] },
    ];
    const first = await scheduler.refresh('acme-github', hints);
    expect(first).toBeDefined();
    const job = await queues.get('acme-github')?.getJob('harvest.run', first?.jobId ?? '');
    expect(job?.payload).toEqual({
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      trigger: 'webhook',
      slices: ['repo:acme/infra', 'repo:acme/models'],
      streams: ['documents', 'pull-requests'],
    });
    // The same scope, in any order, shares the waiting job; another scope is another job.
    expect(await scheduler.refresh('acme-github', [...hints].reverse())).toEqual(first);
    const other = await scheduler.refresh('acme-github', [{ slice: 'repo:acme/models', streams: [] }]);
    const otherJob = await queues.get('acme-github')?.getJob('harvest.run', other?.jobId ?? '');
    expect(otherJob?.payload).toEqual(expect.objectContaining({ slices: ['repo:acme/models'] }));
    expect(otherJob?.payload).not.toHaveProperty('streams');
    expect(await scheduler.refresh('acme-github', [])).toBeUndefined();
    await expect(scheduler.refresh('old-jira', hints)).rejects.toBeInstanceOf(UnknownInstanceError);
    // Once the job has run, the next delivery for that scope gets a run of its own.
    const queue = queues.get('acme-github');
    await queue?.process('harvest.run', async () => undefined, { limiter: { max: 10, durationMs: 1_000 } });
    await waitFor(
      async () => (await queue?.getJob('harvest.run', first?.jobId ?? ''))?.state === 'completed',
    );
    expect((await scheduler.refresh('acme-github', hints))?.jobId).not.toBe(first?.jobId);
    for (const q of queues.values()) await q.close();
  });

  it('reads every stream of a slice when any hint for the job asks for all of them', () => {
    expect(
      refreshScope([
        { slice: 'project:AIMS', streams: ['issues'] },
        { slice: 'project:RISK', streams: [] },
      ]),
    ).toEqual({ slices: ['project:AIMS', 'project:RISK'] });
  });

  it('derives a per-source rate limit from the config', () => {
    expect(harvestRateLimit(config.connectors[0] as (typeof config.connectors)[number])).toEqual({
      max: 2,
      durationMs: 60_000,
    });
    expect(harvestRateLimit(config.connectors[1] as (typeof config.connectors)[number])).toEqual({
      max: 1,
      durationMs: 60_000,
    });
  });
});
