import type { KafkaEventBus } from '@aims/bus';
import type { Catalogue } from '@aims/catalogue';
import { type BatchStats, contractDecodeRules, createNormaliser, libraryExpiry } from '@aims/normaliser';
import { readLibraryFile } from '@aims/scoring';
import { silentLogger } from '@aims/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  artifactCount,
  collectTopic,
  ensurePipelineTopics,
  kafkaBus,
  keyOf,
  messageOf,
  pgCatalogue,
  rawRecord,
  runNames,
  waitFor,
} from './support.js';

const library = await readLibraryFile();
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function normaliser(
  bus: KafkaEventBus,
  catalogue: Catalogue,
  names: ReturnType<typeof runNames>,
  onBatchDone?: (stats: BatchStats) => void,
) {
  return createNormaliser({
    bus,
    catalogue,
    topics: names.topics,
    groupId: `${names.id}-normaliser`,
    rules: contractDecodeRules({ knownConnectors: ['github'], maxRecordBytes: 4096 }),
    expiresAt: libraryExpiry(library),
    logger: silentLogger(),
    ...(onBatchDone ? { onBatchDone } : {}),
  });
}

describe('normaliser on Kafka and PostgreSQL', () => {
  it('sends poison messages to the dead-letter topic and catalogues every other record', async () => {
    const names = runNames('poison');
    const bus = kafkaBus('poison-test');
    const catalogue = await pgCatalogue(names.schema);
    cleanup.push(async () => {
      await bus.close();
      await catalogue.close();
    });
    await ensurePipelineTopics(bus, names.topics);
    const good = Array.from({ length: 300 }, (_, i) => rawRecord(i + 1));
    const poison = [
      { key: 'acme/acme-github/broken', value: '{"recordId":' },
      messageOf(rawRecord(900, { source: { connector: 'sharepoint', instance: 'sp' } })),
      messageOf(rawRecord(901, { kind: 'policy.limerick' })),
      messageOf(rawRecord(902, { attributes: { repo: 'acme/models' } })),
      messageOf(rawRecord(903, { title: 'y'.repeat(8000) })),
    ];
    await bus.publishBatch(names.topics.raw, [
      ...good.slice(0, 150).map(messageOf),
      ...poison,
      ...good.slice(150).map(messageOf),
    ]);
    const dlq = await collectTopic(bus, `${names.topics.raw}.dlq`);
    cleanup.push(dlq.stop);
    const engine = normaliser(bus, catalogue, names);
    await engine.start();
    cleanup.push(() => engine.stop());
    await waitFor(() => dlq.messages.length >= poison.length, 60_000, 'dead letters');
    await waitFor(
      async () => (await artifactCount(catalogue)) === good.length,
      60_000,
      'good records catalogued',
    );
    expect(dlq.messages.map((m) => m.headers['aims-error-code']).sort()).toEqual([
      'malformed_json',
      'payload_too_large',
      'schema_violation',
      'unknown_connector',
      'unknown_kind',
    ]);
    for (const m of dlq.messages) {
      expect(m.headers['aims-stage']).toBe('normaliser.validate');
      expect(m.headers['aims-original-topic']).toBe(names.topics.raw);
      expect(Number(m.headers['aims-original-offset'])).toBeGreaterThanOrEqual(0);
    }
    const stored = await catalogue.getArtifacts(good.map(keyOf));
    expect(stored).toHaveLength(good.length);
  });

  it('shares the partitions of one consumer group between two instances', async () => {
    const names = runNames('pair');
    const catalogue = await pgCatalogue(names.schema);
    const buses = [kafkaBus('pair-a'), kafkaBus('pair-b')];
    cleanup.push(async () => {
      for (const b of buses) await b.close();
      await catalogue.close();
    });
    await ensurePipelineTopics(buses[0] as KafkaEventBus, names.topics);
    const partitions = [new Set<number>(), new Set<number>()];
    const engines = buses.map((bus, n) =>
      normaliser(bus, catalogue, names, (s) => partitions[n]?.add(s.partition)),
    );
    for (const engine of engines) {
      await engine.start();
      cleanup.push(() => engine.stop());
    }
    // Let the group settle with both members before the records arrive.
    await new Promise((r) => setTimeout(r, 5_000));
    const records = Array.from({ length: 1200 }, (_, i) => rawRecord(i + 1));
    const receipts = await (buses[0] as KafkaEventBus).publishBatch(names.topics.raw, records.map(messageOf));
    const written = new Set(receipts.map((r) => r.partition));
    expect(written.size).toBeGreaterThan(1);
    await waitFor(
      async () => (await artifactCount(catalogue)) === records.length,
      90_000,
      'all records catalogued',
    );
    const [a, b] = partitions as [Set<number>, Set<number>];
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    expect([...a].filter((p) => b.has(p))).toEqual([]);
    expect([...new Set([...a, ...b])].sort()).toEqual([...written].sort());
  });
});
