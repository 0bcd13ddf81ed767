import type { WorkspaceConfig } from '@aims/config';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createScheduler, UnknownInstanceError } from './engine.js';
import { harvestRateLimit } from './jobs.js';

const config: WorkspaceConfig = {
  workspace: 'acme',
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

  it('triggers a manual run once per minute slot and refuses unknown or disabled instances', async () => {
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
    await expect(scheduler.trigger('nope')).rejects.toBeInstanceOf(UnknownInstanceError);
    await expect(scheduler.trigger('old-jira')).rejects.toThrow("'old-jira' is disabled");
    for (const q of queues.values()) await q.close();
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
