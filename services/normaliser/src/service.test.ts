import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventBus, type SubscribeOptions } from '@aims/bus';
import { createSqliteCatalogue } from '@aims/catalogue';
import { CatalogueNotReadyError, migrate, silentLogger } from '@aims/service-kit';
import { healthClient, serveHealth, spawnService, waitFor } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadNormaliserEnv } from './env.js';
import { startNormaliserService } from './service.js';

const main = new URL('./main.ts', import.meta.url).pathname;

function workspaceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aims-normaliser-'));
  writeFileSync(join(dir, 'aims.yaml'), 'workspace: acme\n');
  return dir;
}

// The stage tests' small library: these tests do not depend on the bundled one.
const library = new URL('../../../packages/normaliser/test/fixtures/pipeline-library.yaml', import.meta.url)
  .pathname;

describe('normaliser service', () => {
  it('prefixes its consumer group with TOPIC_PREFIX as well as its topics', async () => {
    const dir = workspaceDir();
    const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
    const subscribed: SubscribeOptions[] = [];
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = (options) => {
      subscribed.push(options);
      return subscribe(options);
    };
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const env = loadNormaliserEnv({
      EVENT_BUS: 'embedded',
      DATABASE_URL: 'sqlite::memory:',
      TOPIC_PREFIX: 'staging',
      CONTROL_LIBRARY: library,
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const running = await startNormaliserService(env, silentLogger(), undefined, { bus, catalogue });
    expect(subscribed.map((s) => [s.groupId, s.topics])).toEqual([
      ['staging.aims-normaliser', ['staging.aims.evidence.raw.v1']],
    ]);
    await running.stop();
    await bus.close();
    await catalogue.close();
  });

  it('does not migrate the catalogue: it waits for `migrate`, then says what is still pending', async () => {
    const dir = workspaceDir();
    const url = `sqlite:${join(dir, 'catalogue.sqlite')}`;
    const env = loadNormaliserEnv({
      EVENT_BUS: 'embedded',
      DATABASE_URL: url,
      CATALOGUE_WAIT_MS: '300',
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const error = await startNormaliserService(env, silentLogger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CatalogueNotReadyError);
    expect((error as Error).message).toMatch(/migrations pending: 0001-initial.*run `aims migrate`/);
    const probe = createSqliteCatalogue({ filename: join(dir, 'catalogue.sqlite') });
    expect((await probe.migrationStatus()).applied).toEqual([]);
    await probe.close();
  });

  it('answers /readyz with its bus and catalogue, naming the one that is down, and fills the batch metrics', async () => {
    const dir = workspaceDir();
    const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const env = loadNormaliserEnv({
      EVENT_BUS: 'embedded',
      DATABASE_URL: 'sqlite::memory:',
      CONTROL_LIBRARY: library,
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const metrics = new MeshMetrics({ service: 'normaliser' });
    const running = await startNormaliserService(env, silentLogger(), undefined, { bus, catalogue, metrics });
    const health = await serveHealth(running, metrics);
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { bus: { status: 'ok' }, sqlite: { status: 'ok' } } },
    });
    // A record it cannot take is dead-lettered; the families show the batch and the dead letter.
    await bus.publishBatch('aims.evidence.raw.v1', [{ key: 'acme/x/y', value: '{"not":"a record"}' }]);
    let text = '';
    await waitFor(async () => {
      text = (await health.metrics()).text;
      return (
        /^aims_dead_letters_total\{stage="normaliser\.validate"/m.test(text) &&
        /^aims_batch_duration_seconds_count\{[^}]*stage="normaliser"\} 1$/m.test(text)
      );
    });
    const { families } = await health.metrics();
    expect(families).toEqual(
      expect.arrayContaining(['aims_batch_duration_seconds', 'aims_dead_letters_total', 'aims_consumer_lag']),
    );
    expect(families.length).toBeGreaterThanOrEqual(5);
    await running.stop();
    await bus.close();
    const down = await health.readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.bus).toEqual({
      status: 'down',
      message: 'the event bus is not reachable: the embedded bus is closed',
    });
    await health.close();
    await catalogue.close();
  });

  it('as a process: exits 1 naming a missing DATABASE_URL without a stack trace, and within 10 s of SIGTERM', async () => {
    const dir = workspaceDir();
    const missing = await spawnService(main, { EVENT_BUS: 'embedded', AIMS_CONFIG: join(dir, 'aims.yaml') })
      .exited;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DATABASE_URL: is required');
    expect(missing.stderr).not.toMatch(/\n\s+at /);

    const malformed = await spawnService(main, {
      EVENT_BUS: 'embedded',
      DATABASE_URL: 'sqlite::memory:',
      HEALTH_PORT: 'ninety',
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    }).exited;
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('HEALTH_PORT:');
    expect(malformed.stderr).not.toMatch(/\n\s+at /);

    // Not migrated yet: the service waits for `aims migrate`, alive but not ready.
    const url = `sqlite:${join(dir, 'catalogue.sqlite')}`;
    const service = spawnService(main, {
      EVENT_BUS: 'embedded',
      DATABASE_URL: url,
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const health = healthClient(`http://127.0.0.1:${await service.healthPort()}`);
    await service.waitForLog('waiting for the catalogue');
    expect(await health.healthz()).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await health.readyz()).toEqual({ status: 503, body: { status: 'starting', checks: {} } });
    await migrate({ url });
    await service.waitForLog('service started');
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { bus: { status: 'ok' }, sqlite: { status: 'ok' } } },
    });
    const metrics = await health.metrics();
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.families.length).toBeGreaterThanOrEqual(5);
    expect(metrics.text).toContain('service="normaliser"');
    service.signal('SIGTERM');
    const { code, msSinceSignal, stdout } = await service.exited;
    expect(code).toBe(0);
    expect(msSinceSignal).toBeLessThan(10_000);
    expect(stdout).toContain('"msg":"stopped"');
  }, 90_000);
});
