import type { HarvestRunEvent } from '@aims/core';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Harness, startHarness, WORKSPACE } from '../test/fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function run(n: number, status: HarvestRunEvent['status'], instance = 'docs'): HarvestRunEvent {
  const startedAt = new Date(Date.UTC(2026, 10, 20, 10, n)).toISOString();
  const event: HarvestRunEvent = {
    runId: `run-${n}`,
    workspace: WORKSPACE,
    instance,
    connector: 'local-folder',
    status,
    startedAt,
    records: n,
    gaps: [],
  };
  if (status !== 'started') event.finishedAt = startedAt;
  return event;
}

describe('harvest runs and connectors', () => {
  it('lists runs newest first with filters and cursors, and gets one', async () => {
    harness = await startHarness();
    for (const [n, status] of [
      [1, 'succeeded'],
      [2, 'failed'],
      [3, 'partial'],
      [4, 'succeeded'],
    ] as const) {
      await harness.catalogue.putHarvestRun(run(n, status));
    }
    await harness.catalogue.putHarvestRun(run(5, 'succeeded', 'other'));
    const first = await call(harness, '/v1/harvest-runs?instance=docs&limit=3');
    expect(first.body.items.map((r: { runId: string }) => r.runId)).toEqual(['run-4', 'run-3', 'run-2']);
    const rest = await call(
      harness,
      `/v1/harvest-runs?instance=docs&limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(rest.body).toMatchObject({ items: [{ runId: 'run-1' }], nextCursor: null });
    const ok = await call(harness, '/v1/harvest-runs?status=succeeded');
    expect(ok.body.items.map((r: { runId: string }) => r.runId)).toEqual(['run-5', 'run-4', 'run-1']);
    expect((await call(harness, '/v1/harvest-runs/run-2')).body).toMatchObject({
      status: 'failed',
      records: 2,
    });
    expect((await call(harness, '/v1/harvest-runs/nope')).status).toBe(404);
    expect((await call(harness, '/v1/harvest-runs?status=done')).status).toBe(400);
  });

  it('reports each connector instance with its schedule and last finished run', async () => {
    harness = await startHarness();
    const never = await call(harness, '/v1/connectors');
    expect(never.body.items).toEqual([
      {
        instance: 'docs',
        connector: 'local-folder',
        enabled: true,
        schedule: 'every 5m',
        status: 'never_run',
      },
    ]);
    await harness.catalogue.putHarvestRun(run(1, 'failed'));
    await harness.catalogue.putHarvestRun(run(2, 'started'));
    const { body } = await call(harness, '/v1/connectors');
    expect(body.items[0]).toMatchObject({ status: 'failing', lastRun: { runId: 'run-1' } });
  });

  it('shows a partial run as degraded with the first object it could not read', async () => {
    harness = await startHarness();
    const error = {
      code: 'malformed_payload',
      message: 'docs/policies/ai-policy.md: invalid YAML at line 3',
    };
    await harness.catalogue.putHarvestRun({
      ...run(3, 'partial'),
      skipped: [
        {
          slice: 'root:docs',
          stream: 'documents',
          path: 'policies/ai-policy.md',
          line: 3,
          error,
          at: '2026-11-28T10:00:00.000Z',
        },
        { slice: 'root:docs', stream: 'documents', path: 'b.md', error, at: '2026-11-28T10:00:00.000Z' },
      ],
    });
    const { body } = await call(harness, '/v1/connectors');
    expect(body.items[0]).toMatchObject({
      status: 'degraded',
      lastError: { code: 'malformed_payload', message: `${error.message} (and 1 more object not read)` },
    });
    const detail = await call(harness, '/v1/harvest-runs/run-3');
    expect(detail.body.skipped[0]).toMatchObject({ path: 'policies/ai-policy.md', line: 3 });
  });

  it('queues incremental and full harvests through the trigger and refuses unknown instances', async () => {
    const triggered: string[] = [];
    harness = await startHarness({
      api: {
        harvest: {
          async trigger(instance, options) {
            triggered.push(`${instance}:${options.full ? 'full' : 'incremental'}`);
            return { jobId: `job-${triggered.length}` };
          },
        },
      },
    });
    const post = (instance: string, body: unknown) =>
      call(harness as Harness, `/v1/connectors/${instance}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const queued = await post('docs', {});
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ jobId: 'job-1', instance: 'docs', mode: 'incremental' });
    expect((await post('missing', {})).status).toBe(404);
    const full = await post('docs', { mode: 'full' });
    expect(full.status).toBe(202);
    expect(full.body).toMatchObject({ jobId: 'job-2', mode: 'full' });
    const bad = await post('docs', { mode: 'sideways' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('mode');
    expect(triggered).toEqual(['docs:incremental', 'docs:full']);
  });

  it('refuses to trigger a disabled instance with 409', async () => {
    harness = await startHarness({
      api: {
        connectors: [{ instance: 'off', connector: 'jira', enabled: false }],
        harvest: { trigger: async () => ({ jobId: 'never' }) },
      },
    });
    const res = await call(harness, '/v1/connectors/off/runs', { method: 'POST' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('connector_disabled');
    const list = await call(harness, '/v1/connectors');
    expect(list.body.items).toEqual([
      { instance: 'off', connector: 'jira', enabled: false, status: 'never_run' },
    ]);
  });

  it('has no trigger route when no trigger is configured', async () => {
    harness = await startHarness();
    const res = await call(harness, '/v1/connectors/docs/runs', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
