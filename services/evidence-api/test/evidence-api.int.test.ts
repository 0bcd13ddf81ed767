import { createHash, randomInt } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyRecord, newApiKey, SCOPES } from '@aims/api';
import { generateSigningKey, verifyBundle } from '@aims/bundle';
import { createPostgresCatalogue } from '@aims/catalogue';
import { harvestQueuePrefix } from '@aims/scheduler';
import { loadExporterEnv, startExporterService } from '@aims/service-exporter';
import { exportQueuePrefix, harvestQueues, migrate, silentLogger } from '@aims/service-kit';
import { deleteRedisKeys, dropSchema, rig, rigBucket, runNames } from '@aims/service-kit/rig';
import { seedPolicy, serveHealth, waitFor } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEvidenceApiEnv } from '../src/env.js';
import { startEvidenceApiService } from '../src/service.js';

const names = runNames('evapi');
const acme = `${names.workspace}-a`;
const beta = `${names.workspace}-b`;
const redis = new Redis(rig().redisUrl, { maxRetriesPerRequest: null });
const bucket = await rigBucket('evapi');
// Every request comes from a client address of its own (through TRUST_PROXY), so failed
// authentications of other runs from 127.0.0.1 never count against this one.
const client = `198.51.100.${randomInt(1, 254)}`;

afterAll(async () => {
  for (const workspace of [acme, beta]) {
    await deleteRedisKeys(redis, harvestQueuePrefix(workspace, ''));
    await deleteRedisKeys(redis, exportQueuePrefix(workspace));
  }
  await deleteRedisKeys(redis, `aims:auth-failures:${client}`);
  await redis.quit();
  await bucket.dispose();
  await dropSchema(names.schema);
});

function workspaceFile(root: string, workspace: string): string {
  mkdirSync(join(root, workspace, 'evidence'), { recursive: true });
  const file = join(root, workspace, 'aims.yaml');
  writeFileSync(
    file,
    [
      `workspace: ${workspace}`,
      'connectors:',
      '  - instance: docs',
      '    connector: local-folder',
      '    config: { roots: [{ path: evidence }] }',
    ].join('\n'),
  );
  return file;
}

describe('evidence-api on PostgreSQL, Redis and S3, with the exporter', () => {
  it('serves two workspaces with their keys, evidence content, harvest triggers and exports built by the exporter', async () => {
    const { databaseUrl, redisUrl } = rig();
    await migrate({ url: databaseUrl, schema: names.schema });
    const root = mkdtempSync(join(tmpdir(), 'aims-evidence-api-int-'));
    const configs = `${workspaceFile(root, acme)},${workspaceFile(root, beta)}`;
    const stores = {
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: names.schema,
      REDIS_URL: redisUrl,
      AIMS_CONFIG: configs,
      ...bucket.env,
    };
    const catalogue = createPostgresCatalogue({
      connectionString: databaseUrl,
      schema: names.schema,
      poolSize: 2,
    });
    const artifactKey = await seedPolicy(catalogue, bucket.store, acme);
    const keyOf = async (workspace: string, scopes: string[]) => {
      const key = newApiKey();
      const record = apiKeyRecord({
        key,
        workspace,
        name: 'int',
        scopes,
        createdBy: 'test',
        now: new Date(),
      });
      await catalogue.createApiKey(record, { type: 'user', id: 'test' });
      return key;
    };
    const acmeKey = await keyOf(acme, [SCOPES.read, SCOPES.harvest, SCOPES.exports]);
    const betaKey = await keyOf(beta, [SCOPES.read]);

    const metrics = new MeshMetrics({ service: 'evidence-api' });
    const api = await startEvidenceApiService(
      loadEvidenceApiEnv({
        ...stores,
        PORT: '0',
        HOST: '127.0.0.1',
        TRUST_PROXY: 'loopback',
        AUTH_FAILURES_MAX: '3',
      }),
      silentLogger(),
      undefined,
      { metrics },
    );
    const pair = generateSigningKey();
    const exporter = await startExporterService(
      loadExporterEnv({ ...stores, AIMS_SIGNING_KEY: pair.privateKeyPem }),
      silentLogger(),
    );
    const base = `http://127.0.0.1:${api.port}`;
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
    const json = async (res: Response): Promise<any> => res.json();
    const call = (path: string, key: string | undefined, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        redirect: 'manual',
        ...init,
        headers: {
          'x-forwarded-for': client,
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      });
    try {
      const health = await serveHealth(api, metrics);
      expect(await health.readyz()).toEqual({
        status: 200,
        body: {
          status: 'ready',
          checks: { postgres: { status: 'ok' }, redis: { status: 'ok' }, s3: { status: 'ok' } },
        },
      });
      await health.close();

      // Each key sees its own workspace only.
      const artifacts = await call('/v1/artifacts', acmeKey);
      expect(artifacts.status).toBe(200);
      expect((await json(artifacts)).items.map((a: { key: string }) => a.key)).toEqual([artifactKey]);
      const others = await call('/v1/artifacts', betaKey);
      expect((await json(others)).items).toEqual([]);
      const encoded = encodeURIComponent(artifactKey);
      expect((await call(`/v1/artifacts/${encoded}`, betaKey)).status).toBe(404);

      // The evidence content, from S3.
      const content = await call(`/v1/artifacts/${encoded}/versions/1/content`, acmeKey);
      expect(content.status).toBe(200);
      expect(content.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(await content.text()).toBe(`# AI policy of ${acme}\n`);

      // A harvest trigger is the harvest job on the instance's BullMQ queue, where harvesters take it.
      const triggered = await call('/v1/connectors/docs/runs', acmeKey, { method: 'POST', body: '{}' });
      expect(triggered.status).toBe(202);
      const { jobId } = (await triggered.json()) as { jobId: string };
      const queues = harvestQueues({ kind: 'bullmq', redisUrl, workspace: acme });
      const job = await queues
        .queueFor({ instance: 'docs', connector: 'local-folder', enabled: true, config: {} })
        .getJob('harvest.run', jobId);
      expect(job).toMatchObject({
        state: 'waiting',
        payload: { workspace: acme, instance: 'docs', trigger: 'manual' },
      });
      await queues.close();

      // An export: queued by the API on the workspace's BullMQ queue, built by the exporter into S3.
      const created = await call('/v1/exports', acmeKey, { method: 'POST', body: '{}' });
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as { id: string };
      let record: { status: string; bundle?: { sha256: string; signature: { status: string } } } = {
        status: '',
      };
      await waitFor(
        async () => {
          record = await json(await call(`/v1/exports/${id}`, acmeKey));
          return record.status === 'succeeded' || record.status === 'failed';
        },
        60_000,
        'the exporter to build the bundle',
      );
      expect(record).toMatchObject({ status: 'succeeded', bundle: { signature: { status: 'signed' } } });
      expect((await call(`/v1/exports/${id}`, betaKey)).status).toBe(404);
      const download = await call(`/v1/exports/${id}/download`, acmeKey);
      expect(download.status).toBeGreaterThanOrEqual(300);
      expect(download.status).toBeLessThan(400);
      const location = download.headers.get('location') ?? '';
      expect(location).toContain(bucket.bucket);
      expect(location).toContain('X-Amz-Signature=');
      // The presigned URL needs no key.
      const zip = Buffer.from(await (await fetch(location)).arrayBuffer());
      expect(createHash('sha256').update(zip).digest('hex')).toBe(record.bundle?.sha256);
      const file = join(root, 'bundle.zip');
      await writeFile(file, zip);
      const verified = await verifyBundle(file);
      expect(verified.ok).toBe(true);
      // redirect=false: the API streams the same bytes from S3 itself (what the dashboard asks
      // for: its page may only fetch from the API's origin); anything but true/false is a 400.
      const streamed = await call(`/v1/exports/${id}/download?redirect=false`, acmeKey);
      expect(streamed.status).toBe(200);
      expect(streamed.headers.get('content-type')).toBe('application/zip');
      expect(streamed.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.zip"$/);
      const bytes = Buffer.from(await streamed.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(record.bundle?.sha256);
      const bad = await call(`/v1/exports/${id}/download?redirect=no`, acmeKey);
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('redirect');

      // Failed authentications are counted in Redis, per client address: the fourth gets 429.
      for (let i = 0; i < 3; i++) expect((await call('/v1/artifacts', 'aims_not_a_key')).status).toBe(401);
      const limited = await call('/v1/artifacts', acmeKey);
      expect(limited.status).toBe(429);
      expect(Number(await redis.get(`aims:auth-failures:${client}`))).toBeGreaterThanOrEqual(3);
    } finally {
      await exporter.stop();
      await api.stop();
      await catalogue.close();
    }
  });
});
