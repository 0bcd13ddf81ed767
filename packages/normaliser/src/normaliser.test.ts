import { defaultTopics } from '@aims/core';
import {
  collect,
  embeddedDeps,
  keyOf,
  messageOf,
  rawRecord,
  snapshot,
  waitFor,
} from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { normaliserOn } from '../test/testing.js';

const raw = defaultTopics.raw;

describe('normaliser on the embedded adapters', () => {
  it('catalogues every record once and publishes one change per new version', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const changed = await collect(bus, defaultTopics.changed);
    const normaliser = normaliserOn(bus, catalogue);
    await normaliser.start();
    const records = Array.from({ length: 300 }, (_, i) => rawRecord(i));
    await bus.publishBatch(raw, records.map(messageOf));
    await waitFor(() => changed.messages.length === 300, 15_000, '300 change events');
    // The same evidence observed again later changes nothing.
    const again = records.map((r) => ({
      ...r,
      recordId: crypto.randomUUID(),
      observedAt: '2026-11-21T10:00:00.000Z',
    }));
    await bus.publishBatch(raw, again.map(messageOf));
    const before = await snapshot(catalogue);
    await new Promise((r) => setTimeout(r, 300));
    expect(changed.messages).toHaveLength(300);
    expect(await snapshot(catalogue)).toEqual(before);
    expect(before).toHaveLength(300);
    const event = JSON.parse(changed.messages[0]?.value.toString() ?? '{}');
    expect(event.change).toBe('created');
    expect(event.artifact.expiresAt).toBeDefined();
    expect(changed.messages[0]?.key).toBe(event.artifact.key);
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });

  it('dead-letters poison messages with stage and error headers and catalogues the rest', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const dlq = await collect(bus, `${raw}.dlq`);
    const normaliser = normaliserOn(bus, catalogue);
    await normaliser.start();
    const good = Array.from({ length: 20 }, (_, i) => rawRecord(i));
    const huge = rawRecord(100, { title: 'x'.repeat(5000) });
    const poison = [
      { key: 'acme/acme-github/bad-json', value: '{"recordId": ' },
      messageOf(rawRecord(101, { source: { connector: 'sharepoint', instance: 'acme-sp' } })),
      messageOf(rawRecord(102, { kind: 'policy.poem' })),
      messageOf(rawRecord(103, { observedAt: 'yesterday' })),
      messageOf(huge),
    ];
    await bus.publishBatch(raw, [
      ...good.slice(0, 10).map(messageOf),
      ...poison,
      ...good.slice(10).map(messageOf),
    ]);
    await waitFor(() => dlq.messages.length === 5, 10_000, 'five dead letters');
    await waitFor(async () => (await snapshot(catalogue)).length === 20, 10_000, 'twenty artifacts');
    const codes = dlq.messages.map((m) => m.headers['aims-error-code']).sort();
    expect(codes).toEqual([
      'malformed_json',
      'payload_too_large',
      'schema_violation',
      'unknown_connector',
      'unknown_kind',
    ]);
    for (const m of dlq.messages) {
      expect(m.headers['aims-stage']).toBe('normaliser.validate');
      expect(m.headers['aims-original-topic']).toBe(raw);
      expect(m.headers['aims-error-message']?.length).toBeGreaterThan(5);
      const body = JSON.parse(m.value.toString());
      expect(body.originalOffset).toBe(m.headers['aims-original-offset']);
    }
    const schema = dlq.messages.find((m) => m.headers['aims-error-code'] === 'schema_violation');
    expect(schema?.headers['aims-error-message']).toContain('/observedAt');
    const keys = (await snapshot(catalogue)).map(([key]) => key);
    expect(keys).toEqual(good.map(keyOf).sort());
    await normaliser.stop();
    await bus.close();
    await catalogue.close();
  });

  it('ends identical to an uninterrupted run after a crash between the store and the commit', async () => {
    const records = Array.from({ length: 200 }, (_, i) => rawRecord(i % 150, { sourceRevision: `r${i}` }));
    // Reference: no crash.
    const ref = await embeddedDeps();
    const refChanged = await collect(ref.bus, defaultTopics.changed);
    const refNormaliser = normaliserOn(ref.bus, ref.catalogue);
    await refNormaliser.start();
    await ref.bus.publishBatch(raw, records.map(messageOf));
    await waitFor(() => refChanged.messages.length === 200, 10_000, 'reference changes');
    // Crash: the first publish of change events fails after the catalogue committed.
    const run = await embeddedDeps();
    const changed = await collect(run.bus, defaultTopics.changed);
    const realPublish = run.bus.publishBatch.bind(run.bus);
    let crashed = 0;
    run.bus.publishBatch = async (topic, messages) => {
      if (topic === defaultTopics.changed && crashed < 2) {
        crashed++;
        throw new Error('process killed');
      }
      return realPublish(topic, messages);
    };
    const normaliser = normaliserOn(run.bus, run.catalogue);
    await normaliser.start();
    await run.bus.publishBatch(raw, records.map(messageOf));
    await waitFor(
      async () => new Set(changed.messages.map((m) => m.key)).size === 150,
      15_000,
      'all changes',
    );
    expect(crashed).toBe(2);
    expect(await snapshot(run.catalogue)).toEqual(await snapshot(ref.catalogue));
    // The current version of every artifact is announced at least once despite the crash.
    const latest = (messages: typeof changed.messages) => {
      const byKey = new Map<string, { version: number; hash: string }>();
      for (const m of messages) {
        const { artifact } = JSON.parse(m.value.toString());
        const held = byKey.get(artifact.key);
        if (!held || held.version < artifact.version)
          byKey.set(artifact.key, { version: artifact.version, hash: artifact.contentHash });
      }
      return byKey;
    };
    expect(latest(changed.messages)).toEqual(latest(refChanged.messages));
    for (const deps of [ref, run]) {
      await deps.bus.close();
      await deps.catalogue.close();
    }
  });

  it('lets two instances of one group share the partitions', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const partitionsBy: Array<Set<number>> = [new Set(), new Set()];
    const instances = [0, 1].map((n) =>
      normaliserOn(bus, catalogue, { onBatchDone: (s) => partitionsBy[n]?.add(s.partition) }),
    );
    for (const instance of instances) await instance.start();
    await bus.publishBatch(
      raw,
      Array.from({ length: 600 }, (_, i) => messageOf(rawRecord(i))),
    );
    await waitFor(async () => (await snapshot(catalogue)).length === 600, 15_000, '600 artifacts');
    const [a, b] = partitionsBy as [Set<number>, Set<number>];
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    expect([...a].filter((p) => b.has(p))).toEqual([]);
    expect(a.size + b.size).toBe(6);
    for (const instance of instances) await instance.stop();
    await bus.close();
    await catalogue.close();
  });
});
