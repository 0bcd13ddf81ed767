import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyRecord, hashApiKey, newApiKey, SCOPES } from '@aims/api';
import { createSqliteCatalogue } from '@aims/catalogue';
import { EnvError, migrate, silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, healthClient, serveHealth, spawnService } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadEvidenceApiEnv, takeEvidenceApiEnv } from './env.js';
import { startEvidenceApiService } from './service.js';

const main = new URL('./main.ts', import.meta.url).pathname;

/** Two workspaces side by side, each with one local-folder instance. */
function workspaces(): { dir: string; acme: string; beta: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aims-evidence-api-'));
  const make = (id: string) => {
    mkdirSync(join(dir, id, 'evidence'), { recursive: true });
    const file = join(dir, id, 'aims.yaml');
    writeFileSync(
      file,
      [
        `workspace: ${id}`,
        'connectors:',
        `  - instance: ${id}-docs`,
        '    connector: local-folder',
        '    config: { roots: [{ path: evidence }] }',
      ].join('\n'),
    );
    return file;
  };
  return { dir, acme: make('acme'), beta: make('beta') };
}

async function keyOf(
  catalogue: ReturnType<typeof createSqliteCatalogue>,
  workspace: string,
  scopes: string[],
) {
  const key = newApiKey();
  await catalogue.createApiKey(
    apiKeyRecord({ key, workspace, name: `${workspace}-key`, scopes, createdBy: 'test', now: new Date() }),
    { type: 'user', id: 'test' },
  );
  return key;
}

describe('evidence-api env', () => {
  it('names what is missing or malformed, never a value, and keeps only the hash of AIMS_API_KEY', () => {
    const refused = (() => {
      try {
        loadEvidenceApiEnv({ PORT: 'http', AIMS_API_KEY: 'short-secret', AUTH_FAILURES_MAX: '0' });
      } catch (error) {
        return error as EnvError;
      }
      throw new Error('expected the environment to be refused');
    })();
    expect(refused).toBeInstanceOf(EnvError);
    expect(refused.issues.map((i) => i.variable).sort()).toEqual([
      'AIMS_API_KEY',
      'AUTH_FAILURES_MAX',
      'DATABASE_URL',
      'PORT',
      'REDIS_URL',
      'S3_BUCKET',
    ]);
    expect(refused.message).not.toContain('short-secret');

    const raw = 'aims_operator_key_for_the_test_0001';
    const processEnv: NodeJS.ProcessEnv = {
      DATABASE_URL: 'postgres://aims:pw@db:5432/aims',
      REDIS_URL: 'redis://redis:6379',
      S3_BUCKET: 'aims-evidence',
      AIMS_API_KEY: raw,
      AIMS_CONFIG: 'a.yaml,b.yaml',
      TRUST_PROXY: '1',
    };
    const env = takeEvidenceApiEnv(processEnv);
    expect(env.AIMS_API_KEY).toEqual({ sha256: hashApiKey(raw) });
    expect(JSON.stringify(env)).not.toContain(raw);
    expect(processEnv.AIMS_API_KEY).toBeUndefined();
    expect(env).toMatchObject({
      AIMS_CONFIG: ['a.yaml', 'b.yaml'],
      TRUST_PROXY: 1,
      PORT: 8080,
      HEALTH_PORT: 9464,
    });
  });
});

describe('evidence-api service', () => {
  it('serves two workspaces in one process, each key only its own, with readiness and request metrics', async () => {
    const { dir, acme, beta } = workspaces();
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const env = loadEvidenceApiEnv({
      DATABASE_URL: 'sqlite::memory:',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: `${acme},${beta}`,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const warnings: string[] = [];
    const metrics = new MeshMetrics({ service: 'evidence-api' });
    const running = await startEvidenceApiService(env, silentLogger(), undefined, {
      catalogue,
      metrics,
      stderr: { write: (text: string) => warnings.push(text) },
    });
    expect(running.workspaces).toEqual(['acme', 'beta']);
    // No key anywhere: it says so, and /v1 refuses everyone rather than being open.
    expect(warnings.join('')).toMatch(
      /^warning: no API key exists for workspace acme, beta: every \/v1 request/,
    );
    const base = `http://127.0.0.1:${running.port}`;
    expect((await fetch(`${base}/v1/connectors`)).status).toBe(401);

    const acmeKey = await keyOf(catalogue, 'acme', [SCOPES.read, SCOPES.harvest]);
    const betaKey = await keyOf(catalogue, 'beta', [SCOPES.read]);
    const get = (path: string, key: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    const acmeConnectors = await get('/v1/connectors', acmeKey);
    expect(acmeConnectors.status).toBe(200);
    expect(JSON.stringify(await acmeConnectors.json())).toContain('acme-docs');
    const betaConnectors = await get('/v1/connectors', betaKey);
    expect(JSON.stringify(await betaConnectors.json())).toContain('beta-docs');
    expect((await get('/v1/connectors', acmeKey, { 'x-aims-workspace': 'beta' })).status).toBe(401);
    expect((await get('/v1/connectors', acmeKey, { 'x-aims-workspace': 'gamma' })).status).toBe(404);
    // A trigger goes to the instance's harvest queue; a key without the scope gets 403.
    const trigger = (key: string) =>
      fetch(`${base}/v1/connectors/${key === acmeKey ? 'acme' : 'beta'}-docs/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: '{}',
      });
    expect((await trigger(acmeKey)).status).toBe(202);
    expect((await trigger(betaKey)).status).toBe(403);

    const health = await serveHealth(running, metrics);
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { sqlite: { status: 'ok' }, folder: { status: 'ok' } } },
    });
    const { families, text } = await health.metrics();
    expect(families.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(
      /^aims_http_request_duration_seconds_count\{[^}]*route="\/v1\/connectors",method="GET",status="200"\} 2$/m,
    );
    await running.stop();
    await catalogue.close();
    const down = await health.readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.sqlite).toMatchObject({ status: 'down' });
    await health.close();
  });

  it('publishes posted audits to the raw topic as evidence of the aims-api source, and answers 501 without a bus', async () => {
    const { dir, acme } = workspaces();
    const { bus, catalogue } = await embeddedDeps();
    const raw = await collect(bus, 'aims.evidence.raw.v1');
    const env = {
      DATABASE_URL: 'sqlite::memory:',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: acme,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const key = await keyOf(catalogue, 'acme', [SCOPES.read, SCOPES.audit]);
    const audit = JSON.stringify({
      title: 'Spring audit',
      scope: { controls: ['A.2.2'] },
      auditors: ['internal-audit'],
      startedAt: '2026-11-20T09:00:00Z',
    });
    const post = (port: number) =>
      fetch(`http://127.0.0.1:${port}/v1/audits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: audit,
      });
    const withBus = await startEvidenceApiService(loadEvidenceApiEnv(env), silentLogger(), undefined, {
      catalogue,
      bus,
      stderr: { write: () => undefined },
    });
    // No normaliser stores it here: accepted (202) once the bus acknowledged it.
    const accepted = await post(withBus.port);
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { id: string; artifactKey: string; version: null };
    expect(body).toMatchObject({ version: null, source: 'aims-api' });
    const published = raw.messages.map((m) => JSON.parse(m.value.toString()));
    expect(published).toMatchObject([
      { workspace: 'acme', source: { connector: 'aims-api', instance: 'aims-api' }, kind: 'audit.internal' },
    ]);
    expect(raw.messages[0]?.key).toBe(body.artifactKey);
    await withBus.stop();

    const without = await startEvidenceApiService(loadEvidenceApiEnv(env), silentLogger(), undefined, {
      catalogue,
      stderr: { write: () => undefined },
    });
    expect((await post(without.port)).status).toBe(501);
    await without.stop();
    await raw.stop();
    await bus.close();
    await catalogue.close();
  }, 30_000);

  it('as a process: exits 1 naming a missing or malformed variable without a stack trace, else serves and stops on SIGTERM', async () => {
    const { dir, acme } = workspaces();
    const missing = await spawnService(main, { AIMS_CONFIG: acme, REDIS_URL: 'redis://127.0.0.1:1' }).exited;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('evidence-api: invalid environment');
    expect(missing.stderr).toContain('DATABASE_URL: is required');
    expect(missing.stderr).toContain('S3_BUCKET: required when BLOB_STORE=s3');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const malformed = await spawnService(main, {
      DATABASE_URL: 'mysql://root:hunter2@db/aims',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: dir,
    }).exited;
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('DATABASE_URL: must be postgres://… or sqlite:<path>');
    expect(malformed.stderr).not.toContain('hunter2');

    const url = `sqlite:${join(dir, 'catalogue.sqlite')}`;
    await migrate({ url });
    const operator = 'aims_operator_key_for_the_process_test';
    const service = spawnService(main, {
      DATABASE_URL: url,
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: acme,
      AIMS_API_KEY: operator,
      PORT: '0',
      HOST: '127.0.0.1',
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
    });
    const health = healthClient(`http://127.0.0.1:${await service.healthPort()}`);
    await service.waitForLog('service started');
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { sqlite: { status: 'ok' }, folder: { status: 'ok' } } },
    });
    const line = service
      .output()
      .stdout.split('\n')
      .find((l) => l.includes('"msg":"evidence API listening"'));
    const port = (JSON.parse(line ?? '{}') as { port: number }).port;
    const ok = await fetch(`http://127.0.0.1:${port}/v1/connectors`, { headers: { 'x-api-key': operator } });
    expect(ok.status).toBe(200);
    expect((await health.metrics()).families.length).toBeGreaterThanOrEqual(5);
    service.signal('SIGTERM');
    const stopped = await service.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.msSinceSignal).toBeLessThan(10_000);
    expect(stopped.stdout + stopped.stderr).not.toContain(operator);
  }, 90_000);
});
