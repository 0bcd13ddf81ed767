import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError, silentLogger } from '@aims/service-kit';
import { serveHealth } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadSchedulerEnv } from './env.js';
import { startSchedulerService } from './service.js';

function workspaceFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aims-scheduler-'));
  writeFileSync(join(dir, 'aims.yaml'), 'workspace: acme\n');
  return join(dir, 'aims.yaml');
}

describe('scheduler service', () => {
  it('is ready on embedded queues, and names Redis when its BullMQ queues cannot reach it', async () => {
    const metrics = new MeshMetrics({ service: 'scheduler' });
    const embedded = await startSchedulerService(
      loadSchedulerEnv({ JOB_QUEUE: 'embedded', AIMS_CONFIG: workspaceFile() }),
      silentLogger(),
    );
    const ready = await serveHealth(embedded, metrics);
    expect(await ready.readyz()).toEqual({ status: 200, body: { status: 'ready', checks: {} } });
    expect((await ready.metrics()).families.length).toBeGreaterThanOrEqual(5);
    await ready.close();
    await embedded.stop();

    // Nothing listens on port 1: the workspace has no schedules to sync, so the start completes.
    const bullmq = await startSchedulerService(
      loadSchedulerEnv({ REDIS_URL: 'redis://127.0.0.1:1', AIMS_CONFIG: workspaceFile() }),
      silentLogger(),
    );
    const down = await serveHealth(bullmq, metrics);
    const answer = await down.readyz();
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      status: 'not_ready',
      checks: { redis: { status: 'down', message: expect.stringMatching(/^redis connection is /) } },
    });
    await down.close();
    await bullmq.stop();
  });

  it('gives up a start still waiting for Redis as soon as SIGTERM aborts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-scheduler-'));
    writeFileSync(
      join(dir, 'aims.yaml'),
      [
        'workspace: acme',
        'connectors:',
        '  - instance: docs',
        '    connector: local-folder',
        '    schedule: { every: 1h }',
        `    config: { roots: [{ path: ${JSON.stringify(dir)} }] }`,
      ].join('\n'),
    );
    // Nothing listens on port 1: syncing the schedule waits for Redis (BullMQ retries for ever).
    const controller = new AbortController();
    const starting = startSchedulerService(
      loadSchedulerEnv({ REDIS_URL: 'redis://127.0.0.1:1', AIMS_CONFIG: join(dir, 'aims.yaml') }),
      silentLogger(),
      controller.signal,
    );
    const outcome = starting.then(
      () => 'started',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const aborted = Date.now();
    controller.abort(new Error('SIGTERM received'));
    expect(await outcome).toBe('SIGTERM received');
    expect(Date.now() - aborted).toBeLessThan(1_000);
  });

  it('names REDIS_URL when the BullMQ queue has no Redis', () => {
    expect(() => loadSchedulerEnv({})).toThrow(EnvError);
    expect(() => loadSchedulerEnv({})).toThrow(/REDIS_URL: required when JOB_QUEUE=bullmq/);
  });
});
