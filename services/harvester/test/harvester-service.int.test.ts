import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresCatalogue } from '@aims/catalogue';
import type { AnyConnector } from '@aims/harvester';
import { pagedConnector } from '@aims/harvester/testing';
import { harvestQueuePrefix } from '@aims/scheduler';
import { createLogger, harvestQueues, migrate } from '@aims/service-kit';
import { deleteRedisKeys, deleteTopics, dropSchema, rig, rigBucket, runNames } from '@aims/service-kit/rig';
import { serveHealth, waitFor } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadHarvesterEnv } from '../src/env.js';
import { startHarvesterService } from '../src/service.js';

const names = runNames('harvsvc');
const { workspace, schema, prefix } = names;
const redis = new Redis(rig().redisUrl, { maxRetriesPerRequest: null });
const bucket = await rigBucket('harvsvc');

afterAll(async () => {
  await bucket.dispose();
  await deleteRedisKeys(redis, harvestQueuePrefix(workspace, ''));
  await redis.quit();
  await deleteTopics(prefix);
  await dropSchema(schema);
});

function workspaceFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aims-harvester-int-'));
  const file = join(dir, 'aims.yaml');
  writeFileSync(
    file,
    [
      `workspace: ${workspace}`,
      'connectors:',
      '  - instance: slow-github',
      '    connector: github',
      // Back-to-back runs in this test: a looser limit than the default one run a minute.
      '    rateLimit: { max: 20, per: 1s }',
      '    config: {}',
      '  - instance: secret-github',
      '    connector: github',
      '    rateLimit: { max: 20, per: 1s }',
      '    config: { tokenEnv: ROTATED_TOKEN }',
    ].join('\n'),
  );
  return file;
}

describe('harvester service on BullMQ, Kafka and PostgreSQL', () => {
  it('ends a run stopped by SIGTERM `aborted`, its job completed (not retried), and the next run resumes', async () => {
    const { databaseUrl, brokers, redisUrl } = rig();
    await migrate({ url: databaseUrl, schema });
    const env = loadHarvesterEnv({
      KAFKA_BROKERS: brokers,
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      TOPIC_PREFIX: prefix,
      AIMS_CONFIG: workspaceFile(),
      PUBLISH_BATCH_SIZE: '50',
      ...bucket.env,
    });
    let read = 0;
    const slow: AnyConnector = {
      ...pagedConnector({ total: 3_000, paceMs: 20, onRecord: () => read++ }),
      // Takes the `token` that `tokenEnv` resolves to, as a real connector's schema does.
      configSchema: z.object({ token: z.string().min(1).optional() }),
    };
    const lines: string[] = [];
    const logger = createLogger('harvester', { destination: { write: (line: string) => lines.push(line) } });
    const processEnv: Record<string, string | undefined> = { ROTATED_TOKEN: 'token-for-the-start-check' };
    const connectors = new Map([['github', slow]]);
    // The scheduler's side: the same BullMQ queues, from another connection.
    const scheduler = harvestQueues({ kind: 'bullmq', redisUrl, workspace });
    const slowQueue = scheduler.queueFor({
      instance: 'slow-github',
      connector: 'github',
      enabled: true,
      config: {},
    });
    const catalogue = createPostgresCatalogue({ connectionString: databaseUrl, schema, poolSize: 2 });

    const metrics = new MeshMetrics({ service: 'harvester' });
    const first = await startHarvesterService(env, logger, undefined, { connectors, processEnv, metrics });
    // Readiness reaches every dependency the harvester has.
    const health = await serveHealth(first, metrics);
    expect(await health.readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: {
          kafka: { status: 'ok' },
          postgres: { status: 'ok' },
          redis: { status: 'ok' },
          s3: { status: 'ok' },
        },
      },
    });
    await health.close();
    const { id } = await slowQueue.enqueue('harvest.run', {
      workspace,
      instance: 'slow-github',
      connector: 'github',
      trigger: 'manual',
    });
    await waitFor(() => read > 250, 30_000, 'the harvest to be under way');
    // What runService does on SIGTERM.
    const stopping = Date.now();
    await first.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);

    const job = await slowQueue.getJob('harvest.run', id);
    expect(job).toMatchObject({ state: 'completed', attemptsMade: 1, returnValue: { status: 'aborted' } });
    const runs = await catalogue.listHarvestRuns(workspace, { instance: 'slow-github' });
    expect(runs.map((r) => r.status)).toEqual(['aborted']);
    const cursor = (
      await catalogue.getCursor({ workspace, instance: 'slow-github', stream: 'pulls@repo:acme/models' })
    )?.cursor as { next: number };
    expect(cursor.next).toBeGreaterThanOrEqual(200);
    expect(runs[0]?.records).toBeGreaterThanOrEqual(cursor.next);

    // Restarted, the harvester is not handed the stopped job again; a new run starts at the cursor.
    const second = await startHarvesterService(env, logger, undefined, { connectors, processEnv });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await catalogue.listHarvestRuns(workspace, { instance: 'slow-github' })).length).toBe(1);
    read = 0;
    const resumed = await slowQueue.enqueue('harvest.run', {
      workspace,
      instance: 'slow-github',
      connector: 'github',
      trigger: 'manual',
    });
    await waitFor(() => read > 0, 30_000, 'the next run');
    expect(read).toBeLessThan(3_000 - cursor.next + 101);

    // A job that fails for configuration is a failed run with its reason, and a log line.
    delete processEnv.ROTATED_TOKEN;
    const secretQueue = scheduler.queueFor({
      instance: 'secret-github',
      connector: 'github',
      enabled: true,
      config: {},
    });
    const failing = await secretQueue.enqueue('harvest.run', {
      workspace,
      instance: 'secret-github',
      connector: 'github',
      trigger: 'schedule',
    });
    await waitFor(
      async () => (await secretQueue.getJob('harvest.run', failing.id))?.attemptsMade === 1,
      30_000,
      'the failing job',
    );
    const [failed] = await catalogue.listHarvestRuns(workspace, { instance: 'secret-github' });
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'secret_missing', message: expect.stringContaining('ROTATED_TOKEN') },
    });
    expect(lines.some((line) => line.includes('"level":50') && line.includes('ROTATED_TOKEN'))).toBe(true);
    expect(lines.join('')).not.toContain('token-for-the-start-check');

    await second.stop();
    expect((await slowQueue.getJob('harvest.run', resumed.id))?.state).toMatch(/completed|active|waiting/);
    await scheduler.close();
    await catalogue.close();
  });
});
