import { defineJobCatalogue, EmbeddedJobQueue } from '@aims/queue';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gapSyncJobs, gapSyncSchedulerId, type SyncGapsResult, scheduleGapSync } from '../src/index.js';
import { FakeJira } from './fake-jira.js';
import { actor, CONFIG, env, gap, users, workspace } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('scheduleGapSync', () => {
  it('runs the sync on the config’s schedule from a queue whose catalogue includes the job', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace(
      CONFIG.replace(
        '    project: GOV\n',
        '    project: GOV\n    schedule: { every: 1h, runOnStart: true }\n',
      ),
    );
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    const queue = new EmbeddedJobQueue(defineJobCatalogue({ ...gapSyncJobs }));
    const results: SyncGapsResult[] = [];
    let ran: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const worker = await scheduleGapSync({
      ...ws,
      env,
      queue,
      onResult: (result) => {
        results.push(result);
        ran();
      },
    });
    expect(worker).toBeDefined();
    await done;
    expect(results[0]?.counts.created).toBe(1);
    expect(jira.issues.size).toBe(1);
    expect(await queue.listSchedules()).toEqual([
      expect.objectContaining({
        schedulerId: gapSyncSchedulerId('acme'),
        name: 'tickets.sync',
        everyMs: 3_600_000,
      }),
    ]);
    await queue.close();
  });

  it('schedules nothing (and removes an old schedule) without tickets.jira.schedule', async () => {
    const ws = await workspace();
    const queue = new EmbeddedJobQueue(gapSyncJobs);
    await queue.schedule(
      gapSyncSchedulerId('acme'),
      'tickets.sync',
      { workspace: 'acme' },
      { everyMs: 60_000, startAt: Date.now() + 60_000 },
    );
    expect(await scheduleGapSync({ ...ws, env, queue })).toBeUndefined();
    expect(await queue.listSchedules()).toEqual([]);
    await queue.close();
  });
});
