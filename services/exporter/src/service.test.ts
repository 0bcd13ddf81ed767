import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, FolderBlobStore } from '@aims/blobs';
import { generateSigningKey } from '@aims/bundle';
import { createSqliteCatalogue } from '@aims/catalogue';
import { createExportService } from '@aims/export';
import { type EnvError, exportQueues, migrate, silentLogger } from '@aims/service-kit';
import { healthClient, seedPolicy, serveHealth, spawnService, waitFor } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';

import { loadExporterEnv, takeExporterEnv } from './env.js';
import { startExporterService } from './service.js';
import { signingKeyFrom } from './signing-key.js';

const main = new URL('./main.ts', import.meta.url).pathname;

function workspaceFile(dir: string, id = 'acme'): string {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(file, `workspace: ${id}\norganisation: ${id} Ltd\n`);
  return file;
}

/** The API's side of exports, on the same queues: it records and enqueues, the exporter builds. */
async function exportsOf(
  catalogue: ReturnType<typeof createSqliteCatalogue>,
  blobs: BlobStore,
  queue: ReturnType<ReturnType<typeof exportQueues>['queueFor']>,
) {
  const { readLibraryWithOverlays } = await import('@aims/scoring');
  return createExportService({
    catalogue,
    blobs,
    library: await readLibraryWithOverlays(),
    workspace: 'acme',
    organisation: 'acme Ltd',
    toolVersion: 'test',
    inventory: [],
    queue,
    knownAiSystems: async () => new Set(),
  });
}

/** A blob store whose streamed writes hang until released: a bundle that takes long to build. */
function slowBlobs(inner: BlobStore): BlobStore & { release(): void } {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = Object.create(inner) as BlobStore & { release(): void };
  store.putStream = async (body, options) => {
    await released;
    return inner.putStream(body, options);
  };
  store.release = release;
  return store;
}

describe('exporter env', () => {
  it('names missing, malformed and conflicting variables, never a value', () => {
    const error = (() => {
      try {
        loadExporterEnv({
          AIMS_SIGNING_KEY_FILE: '/k.pem',
          AIMS_SIGNING_KEY: 'PEM-TEXT-VALUE',
          EXPORT_DRAIN_MS: '20000',
        });
      } catch (e) {
        return e as EnvError;
      }
      throw new Error('expected the environment to be refused');
    })();
    expect(error.issues.map((i) => i.variable).sort()).toEqual([
      'AIMS_SIGNING_KEY',
      'DATABASE_URL',
      'EXPORT_DRAIN_MS',
      'REDIS_URL',
      'S3_BUCKET',
    ]);
    expect(error.message).not.toContain('PEM-TEXT-VALUE');
  });

  it('reads the signing key from a file or the environment, removes the text from the environment, and names a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-exporter-key-'));
    const pair = generateSigningKey();
    writeFileSync(join(dir, 'signing-key.pem'), pair.privateKeyPem);
    expect(signingKeyFrom({ AIMS_SIGNING_KEY_FILE: join(dir, 'signing-key.pem') })?.keyId).toBe(pair.keyId);
    const processEnv: NodeJS.ProcessEnv = {
      DATABASE_URL: 'sqlite::memory:',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: dir,
      AIMS_SIGNING_KEY: pair.privateKeyPem,
    };
    const env = takeExporterEnv(processEnv);
    expect(processEnv.AIMS_SIGNING_KEY).toBeUndefined();
    expect(signingKeyFrom(env)?.keyId).toBe(pair.keyId);
    expect(() => signingKeyFrom({ AIMS_SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toThrow(
      /AIMS_SIGNING_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/,
    );
    expect(() => signingKeyFrom({ AIMS_SIGNING_KEY: pair.publicKeyPem })).toThrow(
      /AIMS_SIGNING_KEY: the signing key/,
    );
    expect(() => signingKeyFrom({ AIMS_SIGNING_KEY: pair.publicKeyPem })).not.toThrow(/PUBLIC KEY/);
  });
});

describe('exporter service', () => {
  it('builds queued exports signed with the key, with readiness and export metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-exporter-'));
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const blobs = new FolderBlobStore({ root: join(dir, 'blobs') });
    await seedPolicy(catalogue, blobs, 'acme');
    const pair = generateSigningKey();
    const env = loadExporterEnv({
      DATABASE_URL: 'sqlite::memory:',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: workspaceFile(dir),
      AIMS_SIGNING_KEY: pair.privateKeyPem,
    });
    const queues = exportQueues({ kind: 'embedded' });
    const metrics = new MeshMetrics({ service: 'exporter' });
    const running = await startExporterService(env, silentLogger(), undefined, {
      catalogue,
      blobs,
      queues,
      metrics,
    });
    expect(running).toMatchObject({ workspaces: ['acme'], signingKeyId: pair.keyId });
    const api = await exportsOf(catalogue, blobs, queues.queueFor('acme'));
    const requested = await api.create({}, 'api-key:test');
    await waitFor(async () => (await api.get(requested.id)).status === 'succeeded', 15_000, 'the bundle');
    const built = await api.get(requested.id);
    expect(built.bundle).toMatchObject({ signature: { status: 'signed', keyId: pair.keyId }, versions: 1 });
    expect(await blobs.head(built.bundle?.key ?? '')).toMatchObject({ size: built.bundle?.size });

    const health = await serveHealth(running, metrics);
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { sqlite: { status: 'ok' }, folder: { status: 'ok' } } },
    });
    const { families, text } = await health.metrics();
    expect(families.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/^aims_exports_total\{workspace="acme",status="succeeded",service="exporter"\} 1$/m);
    expect(text).toMatch(/^aims_export_duration_seconds_count\{[^}]*workspace="acme"[^}]*\} 1$/m);
    await running.stop();
    await catalogue.close();
    expect((await health.readyz()).body.checks.sqlite).toMatchObject({ status: 'down' });
    await health.close();
    await queues.close();
  });

  it('on stop, abandons a bundle that takes longer than EXPORT_DRAIN_MS and queues it again, for the next exporter to build unsigned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-exporter-'));
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const blobs = new FolderBlobStore({ root: join(dir, 'blobs') });
    await seedPolicy(catalogue, blobs, 'acme');
    const env = loadExporterEnv({
      DATABASE_URL: 'sqlite::memory:',
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: workspaceFile(dir),
      EXPORT_DRAIN_MS: '200',
    });
    const queues = exportQueues({ kind: 'embedded' });
    const slow = slowBlobs(blobs);
    const metrics = new MeshMetrics({ service: 'exporter', defaults: false });
    const first = await startExporterService(env, silentLogger(), undefined, {
      catalogue,
      blobs: slow,
      queues,
      metrics,
    });
    expect(first.signingKeyId).toBeUndefined();
    const api = await exportsOf(catalogue, blobs, queues.queueFor('acme'));
    const requested = await api.create({}, 'api-key:test');
    await waitFor(
      async () => (await api.get(requested.id)).status === 'running',
      10_000,
      'the build to start',
    );
    const stopping = Date.now();
    await first.stop();
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(await api.get(requested.id)).toMatchObject({ status: 'queued' });
    expect(await metrics.text()).toMatch(
      /^aims_exports_total\{workspace="acme",status="requeued"[^}]*\} 1$/m,
    );

    const second = await startExporterService(env, silentLogger(), undefined, {
      catalogue,
      blobs,
      queues,
      metrics,
    });
    await waitFor(async () => (await api.get(requested.id)).status === 'succeeded', 15_000, 'the rebuild');
    expect((await api.get(requested.id)).bundle?.signature).toEqual({ status: 'unsigned' });
    await second.stop();
    await queues.close();
    await catalogue.close();
  });

  it('as a process: exits 1 naming a missing or malformed variable without a stack trace, and 0 within 10 s of SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-exporter-'));
    const missing = await spawnService(main, {
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: dir,
    }).exited;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('exporter: invalid environment\n  DATABASE_URL: is required');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const url = `sqlite:${join(dir, 'catalogue.sqlite')}`;
    const badKey = await spawnService(main, {
      DATABASE_URL: url,
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: dir,
      AIMS_CONFIG: workspaceFile(dir),
      AIMS_SIGNING_KEY_FILE: join(dir, 'nope.pem'),
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
    }).exited;
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/AIMS_SIGNING_KEY_FILE: cannot read .*nope\.pem \(ENOENT\)/);
    expect(badKey.stderr).not.toMatch(/\n\s+at /);

    await migrate({ url });
    const service = spawnService(main, {
      DATABASE_URL: url,
      JOB_QUEUE: 'embedded',
      BLOB_STORE: 'folder',
      BLOB_FOLDER: join(dir, 'blobs'),
      AIMS_CONFIG: workspaceFile(dir),
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
    });
    const health = healthClient(`http://127.0.0.1:${await service.healthPort()}`);
    await service.waitForLog('service started');
    expect((await health.readyz()).status).toBe(200);
    expect(service.output().stdout).toContain('bundles are built unsigned and say so');
    service.signal('SIGTERM');
    const stopped = await service.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.msSinceSignal).toBeLessThan(10_000);
  }, 90_000);
});
