import { SecretMissingError } from '@aims/config';
import { aimsJobs, defineJobCatalogue, EmbeddedJobQueue } from '@aims/queue';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_GAP_SYNC_EVERY_MS,
  gapSyncJobs,
  gapSyncSchedulerId,
  type SyncGapsResult,
  scheduleGapSync,
} from '../src/index.js';
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

  it('syncs every hour when tickets.jira has no schedule', async () => {
    const ws = await workspace();
    const queue = new EmbeddedJobQueue(aimsJobs);
    const worker = await scheduleGapSync({ ...ws, env, queue });
    expect(worker).toBeDefined();
    expect(await queue.listSchedules()).toEqual([
      expect.objectContaining({
        schedulerId: gapSyncSchedulerId('acme'),
        name: 'tickets.sync',
        everyMs: DEFAULT_GAP_SYNC_EVERY_MS,
      }),
    ]);
    expect(DEFAULT_GAP_SYNC_EVERY_MS).toBe(3_600_000);
    await queue.close();
  });

  it('schedules nothing (and removes an old schedule) without tickets.jira', async () => {
    const ws = await workspace('workspace: acme\n');
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

  it('logs a run that fails as a whole, and the queue retries it', async () => {
    const ws = await workspace(
      CONFIG.replace(
        '    project: GOV\n',
        '    project: GOV\n    schedule: { every: 1h, runOnStart: true }\n',
      ),
    );
    const queue = new EmbeddedJobQueue(aimsJobs);
    const logged: Array<{ level: string; object: Record<string, unknown>; message: string }> = [];
    const errors: unknown[] = [];
    let failed: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      failed = resolve;
    });
    await scheduleGapSync({
      ...ws,
      // The token variable is not set: every attempt fails before any request.
      env: { AIMS_JIRA_EMAIL: env.AIMS_JIRA_EMAIL },
      queue,
      logger: {
        info: (object, message) => logged.push({ level: 'info', object, message }),
        warn: (object, message) => logged.push({ level: 'warn', object, message }),
        error: (object, message) => logged.push({ level: 'error', object, message }),
      },
      onError: (error) => {
        errors.push(error);
        failed();
      },
    });
    await done;
    expect(errors[0]).toBeInstanceOf(SecretMissingError);
    // At start: the schedule, and the variable that is not set (by name); then the failed run.
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'gap ticket sync scheduled',
        object: expect.objectContaining({ workspace: 'acme', project: 'GOV', everyMs: 3_600_000 }),
      }),
      expect.objectContaining({
        level: 'warn',
        message: 'the Jira credential variables of tickets.jira are not set',
        object: expect.objectContaining({ unset: ['AIMS_JIRA_API_TOKEN'] }),
      }),
      {
        level: 'error',
        message: 'gap ticket sync run failed',
        object: { workspace: 'acme', project: 'GOV', attempt: 1, err: errors[0] },
      },
    ]);
    await queue.close();
  });
});
