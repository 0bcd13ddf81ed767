// The distributed gap ticket sync: two harvester replicas on BullMQ (Redis), Kafka and PostgreSQL
// with tickets.jira configured keep one schedule and run each sync once. Jira is faked at the HTTP
// layer (nock) with @aims/ticket-sync's recorded payloads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresCatalogue } from '@aims/catalogue';
import { migrate, silentLogger, ticketQueuePrefix, ticketQueues } from '@aims/service-kit';
import { deleteRedisKeys, deleteTopics, dropSchema, rig, rigBucket, runNames } from '@aims/service-kit/rig';
import { waitFor } from '@aims/service-kit/testing';
import { Redis } from 'ioredis';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeJira } from '../../../packages/ticket-sync/test/fake-jira.ts';
import { actor, gap, env as jiraEnv, users } from '../../../packages/ticket-sync/test/support.ts';
import { loadHarvesterEnv } from '../src/env.js';
import { startHarvesterService } from '../src/service.js';

const names = runNames('ticketsync');
const { workspace, schema, prefix } = names;
const redis = new Redis(rig().redisUrl, { maxRetriesPerRequest: null });
const bucket = await rigBucket('ticketsync');

beforeAll(() => {
  nock.disableNetConnect();
  // The rig's S3 server answers HTTP on loopback.
  nock.enableNetConnect('127.0.0.1');
});

afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  // The integration files share one process: later files must meet the real http module, not
  // nock's interceptor (S3 streams through it break with ECONNRESET).
  nock.restore();
  await bucket.dispose();
  await deleteRedisKeys(redis, ticketQueuePrefix(workspace));
  await redis.quit();
  await deleteTopics(prefix);
  await dropSchema(schema);
});

function workspaceFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aims-ticket-sync-int-'));
  const file = join(dir, 'aims.yaml');
  writeFileSync(
    file,
    [
      `workspace: ${workspace}`,
      'owners:',
      '  ai-governance-lead: { name: Priya Raman, email: priya@acme.example }',
      'tickets:',
      '  jira:',
      '    baseUrl: https://acme.atlassian.net',
      '    emailEnv: AIMS_JIRA_EMAIL',
      '    apiTokenEnv: AIMS_JIRA_API_TOKEN',
      '    project: GOV',
      '    schedule: { every: 1h, runOnStart: true }',
    ].join('\n'),
  );
  return file;
}

describe('gap ticket sync in the distributed harvester', () => {
  it('keeps one schedule across replicas, runs each sync once and records the tickets on the gaps', async () => {
    const jira = new FakeJira({ users });
    const { databaseUrl, brokers, redisUrl } = rig();
    await migrate({ url: databaseUrl, schema });
    const catalogue = createPostgresCatalogue({ connectionString: databaseUrl, schema, poolSize: 2 });
    const gaps = [gap('A.6.2.4-0123456789'), gap('A.7.4-aaaaaaaaaa')].map((g) => ({ ...g, workspace }));
    await catalogue.putGaps(gaps, actor);
    const env = loadHarvesterEnv({
      KAFKA_BROKERS: brokers,
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      TOPIC_PREFIX: prefix,
      AIMS_CONFIG: workspaceFile(),
      ...bucket.env,
    });
    const replicas = [];
    for (let i = 0; i < 2; i++)
      replicas.push(await startHarvesterService(env, silentLogger(), undefined, { processEnv: jiraEnv }));
    try {
      await waitFor(
        async () => (await catalogue.listGapTickets(workspace)).length === gaps.length,
        30_000,
        'the gap tickets',
      );
      const links = await catalogue.listGapTickets(workspace);
      expect(links.map((link) => link.issueKey).sort()).toEqual(['GOV-1', 'GOV-2']);
      // Two workers listen and each replica upserted the schedule: the tickets are created once.
      expect(jira.writes().filter((r) => r.path === '/rest/api/3/issue/bulk')).toHaveLength(1);
      expect(jira.issues.size).toBe(gaps.length);

      const observer = ticketQueues({ kind: 'bullmq', redisUrl });
      expect(await observer.queueFor(workspace).listSchedules()).toEqual([
        expect.objectContaining({
          schedulerId: `tickets.sync:${workspace}`,
          name: 'tickets.sync',
          everyMs: 3_600_000,
        }),
      ]);
      await observer.close();
    } finally {
      for (const replica of replicas) await replica.stop();
      await catalogue.close();
    }
  });
});
