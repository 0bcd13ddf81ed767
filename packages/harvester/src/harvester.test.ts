import type { OutgoingMessage } from '@aims/bus';
import { defaultTopics } from '@aims/core';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { pagedConnector } from '../test/fake-connector.js';
import { createHarvester } from './engine.js';

const request = { workspace: 'acme', instance: 'acme-github', connector: 'github', config: {} };
const cursorRef = { workspace: 'acme', instance: 'acme-github', stream: 'pulls@repo:acme/models' };

describe('harvester on the embedded adapters', () => {
  it('never stores a cursor ahead of unacknowledged records, and resumes after a failed publish', async () => {
    const { bus, catalogue } = await embeddedDeps();
    await bus.ensureTopics([{ topic: defaultTopics.harvestRuns }]);
    const acked = new Set<string>();
    const realPublish = bus.publishBatch.bind(bus);
    let failures = 1;
    bus.publishBatch = async (topic: string, messages: OutgoingMessage[]) => {
      if (topic === defaultTopics.raw && acked.size >= 1_000 && failures > 0) {
        failures--;
        throw new Error('broker unavailable');
      }
      const receipts = await realPublish(topic, messages);
      if (topic === defaultTopics.raw)
        for (const m of messages) acked.add(JSON.parse(String(m.value)).externalId);
      return receipts;
    };
    const realPut = catalogue.putCursor.bind(catalogue);
    const violations: number[] = [];
    catalogue.putCursor = async (ref, cursor) => {
      const next = (cursor as { next: number }).next;
      for (let i = 1; i <= next; i++) if (!acked.has(`repo:acme/models:pull:${i}`)) violations.push(i);
      return realPut(ref, cursor);
    };
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', pagedConnector({ total: 2_500, paceMs: 0 })]]),
      logger: silentLogger(),
      batchSize: 200,
      checkpointEvery: 100,
    });
    const first = await harvester.harvest(request);
    expect(first.status).toBe('failed');
    const stored = (await catalogue.getCursor(cursorRef))?.cursor as { next: number };
    expect(stored.next).toBeGreaterThan(0);
    expect(stored.next).toBeLessThan(2_500);
    const second = await harvester.harvest(request);
    expect(second.status).toBe('succeeded');
    expect(violations).toEqual([]);
    expect(acked.size).toBe(2_500);
    expect((await catalogue.getCursor(cursorRef))?.cursor).toEqual({ next: 2_500 });
    const runs = await catalogue.listHarvestRuns('acme');
    expect(runs.map((r) => r.status).sort()).toEqual(['failed', 'succeeded']);
    await bus.close();
    await catalogue.close();
  });

  it('publishes raw records keyed by artifact key and a status event per run', async () => {
    const { bus, catalogue } = await embeddedDeps();
    await bus.ensureTopics([{ topic: defaultTopics.harvestRuns }]);
    const raw = await collect(bus, defaultTopics.raw);
    const runs = await collect(bus, defaultTopics.harvestRuns);
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', pagedConnector({ total: 150, paceMs: 0 })]]),
      logger: silentLogger(),
    });
    await harvester.harvest(request);
    await waitFor(() => raw.messages.length === 150 && runs.messages.length === 2);
    expect(raw.messages[0]?.key).toBe(
      `acme/acme-github/${JSON.parse(String(raw.messages[0]?.value)).externalId}`,
    );
    expect(runs.messages.map((m) => JSON.parse(String(m.value)).status)).toEqual(['started', 'succeeded']);
    expect(runs.messages[1]?.key).toBe('acme/acme-github');
    await expect(harvester.harvest({ ...request, connector: 'nope' })).rejects.toThrow(
      "unknown connector 'nope'",
    );
    await bus.close();
    await catalogue.close();
  });
});
