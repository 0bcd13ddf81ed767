import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaEventBus } from '@aims/bus';
import { createPostgresCatalogue } from '@aims/catalogue';
import { prefixedTopics } from '@aims/core';
import { migrate, type Running, silentLogger } from '@aims/service-kit';
import { deleteTopics, dropSchema, rig, runNames } from '@aims/service-kit/rig';
import { messageOf, rawRecord, waitFor } from '@aims/service-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNormaliserEnv } from '../src/env.js';
import { startNormaliserService } from '../src/service.js';

const a = runNames('enva');
const b = runNames('envb');
const library = new URL('../../../packages/normaliser/test/fixtures/pipeline-library.yaml', import.meta.url)
  .pathname;
const running: Running[] = [];

afterAll(async () => {
  for (const service of running) await service.stop();
  for (const names of [a, b]) {
    await deleteTopics(names.prefix);
    await dropSchema(names.schema);
  }
});

describe('two environments on one Kafka cluster', () => {
  it('each normaliser consumes only its own environment, with the default group name in both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aims-envs-'));
    writeFileSync(join(dir, 'aims.yaml'), 'workspace: acme\n');
    const { brokers, databaseUrl } = rig();
    for (const names of [a, b]) {
      await migrate({ url: databaseUrl, schema: names.schema });
      const env = loadNormaliserEnv({
        KAFKA_BROKERS: brokers,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: names.schema,
        TOPIC_PREFIX: names.prefix,
        AIMS_CONFIG: join(dir, 'aims.yaml'),
        CONTROL_LIBRARY: library,
        // Neither sets NORMALISER_GROUP: both use `aims-normaliser`, prefixed apart.
      });
      running.push(await startNormaliserService(env, silentLogger()));
    }
    const bus = new KafkaEventBus({ brokers: brokers.split(','), clientId: 'envs-test' });
    const count = 120;
    await bus.publishBatch(
      prefixedTopics(a.prefix).raw,
      Array.from({ length: count }, (_, i) => messageOf(rawRecord(i))),
    );
    await bus.publishBatch(
      prefixedTopics(b.prefix).raw,
      Array.from({ length: count / 2 }, (_, i) => messageOf(rawRecord(1_000 + i))),
    );
    await bus.close();
    const catalogues = [a, b].map((names) =>
      createPostgresCatalogue({ connectionString: databaseUrl, schema: names.schema, poolSize: 2 }),
    );
    const counted = async (i: number) =>
      (await catalogues[i]?.listArtifacts({ workspace: 'acme' }, { limit: 1_000 }))?.items.length ?? 0;
    await waitFor(
      async () => (await counted(0)) === count && (await counted(1)) === count / 2,
      60_000,
      'both catalogues',
    );
    const keysB = (await catalogues[1]?.listArtifacts({ workspace: 'acme' }, { limit: 1_000 }))?.items.map(
      (v) => v.key,
    );
    expect(keysB?.every((key) => Number(key.split(':').pop()) >= 1_000)).toBe(true);
    for (const catalogue of catalogues) await catalogue.close();
  });
});
