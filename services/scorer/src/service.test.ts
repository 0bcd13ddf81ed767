import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventBus, type SubscribeOptions } from '@aims/bus';
import { createSqliteCatalogue } from '@aims/catalogue';
import { silentLogger } from '@aims/service-kit';
import { serveHealth } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadScorerEnv } from './env.js';
import { startScorerService } from './service.js';

// The stage tests' small library: these tests do not depend on the bundled one.
const library = new URL('../../../packages/normaliser/test/fixtures/pipeline-library.yaml', import.meta.url)
  .pathname;

describe('scorer service', () => {
  it('prefixes both its consumer groups (changes and harvest runs) with TOPIC_PREFIX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-scorer-'));
    writeFileSync(join(dir, 'aims.yaml'), 'workspace: acme\n');
    const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
    const subscribed: SubscribeOptions[] = [];
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = (options) => {
      subscribed.push(options);
      return subscribe(options);
    };
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const env = loadScorerEnv({
      EVENT_BUS: 'embedded',
      DATABASE_URL: 'sqlite::memory:',
      TOPIC_PREFIX: 'env-b',
      CONTROL_LIBRARY: library,
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const running = await startScorerService(env, silentLogger(), undefined, { bus, catalogue });
    expect(subscribed.map((s) => [s.groupId, s.topics])).toEqual([
      ['env-b.aims-scorer', ['env-b.aims.artifact.changed.v1']],
      ['env-b.aims-scorer-runs', ['env-b.aims.harvest.run.v1']],
    ]);
    await running.stop();
    await bus.close();
    await catalogue.close();
  });

  it('answers /readyz with its bus and catalogue and names the catalogue once it is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-scorer-'));
    writeFileSync(join(dir, 'aims.yaml'), 'workspace: acme\n');
    const bus = new EmbeddedEventBus({ defaultPartitions: 6 });
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    const env = loadScorerEnv({
      EVENT_BUS: 'embedded',
      DATABASE_URL: 'sqlite::memory:',
      CONTROL_LIBRARY: library,
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const metrics = new MeshMetrics({ service: 'scorer' });
    const running = await startScorerService(env, silentLogger(), undefined, { bus, catalogue, metrics });
    const health = await serveHealth(running, metrics);
    expect(await health.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { bus: { status: 'ok' }, sqlite: { status: 'ok' } } },
    });
    const { families, text } = await health.metrics();
    expect(families.length).toBeGreaterThanOrEqual(5);
    expect(text).toContain('service="scorer"');
    await running.stop();
    await catalogue.close();
    const down = await health.readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks).toMatchObject({ bus: { status: 'ok' }, sqlite: { status: 'down' } });
    await health.close();
    await bus.close();
  });
});
