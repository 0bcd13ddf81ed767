import { describe, expect, it } from 'vitest';
import { EmbeddedEventBus, UnknownTopicError } from '../src/index.js';
import { describeEventBusContract, waitFor } from './bus-contract.js';

describeEventBusContract('embedded in-process log', async () => ({
  bus: new EmbeddedEventBus({ defaultPartitions: 3, maxBatchSize: 4 }),
  dispose: async () => {},
}));

describe('EmbeddedEventBus specifics', () => {
  it('refuses unknown topics unless auto-create is on', async () => {
    const bus = new EmbeddedEventBus();
    await expect(bus.publishBatch('nope', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(
      UnknownTopicError,
    );
    const auto = new EmbeddedEventBus({ autoCreateTopics: true, defaultPartitions: 2 });
    await auto.publishBatch('yes', [
      { key: null, value: '1' },
      { key: null, value: '2' },
    ]);
    expect(auto.partitionLength('yes', 0) + auto.partitionLength('yes', 1)).toBe(2);
  });

  it('commits only after the handler resolved and bounds batches by maxBatchSize', async () => {
    const bus = new EmbeddedEventBus({ defaultPartitions: 1 });
    await bus.ensureTopics([{ topic: 't' }]);
    await bus.publishBatch(
      't',
      Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    const sizes: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      maxBatchSize: 4,
      handler: async (batch) => {
        sizes.push(batch.messages.length);
        await gate;
      },
    });
    await waitFor(() => sizes.length === 1, 2_000, 'first batch');
    expect(bus.committedOffset('g', 't', 0)).toBe(0);
    release();
    await waitFor(() => bus.committedOffset('g', 't', 0) === 10, 2_000, 'all commits');
    expect(sizes).toEqual([4, 4, 2]);
    await sub.stop();
    await bus.close();
  });

  it('starts a new group at the end when fromBeginning is false', async () => {
    const bus = new EmbeddedEventBus({ defaultPartitions: 1 });
    await bus.ensureTopics([{ topic: 't' }]);
    await bus.publishBatch('t', [{ key: 'k', value: 'old' }]);
    const seen: string[] = [];
    await bus.subscribe({
      groupId: 'late',
      topics: ['t'],
      fromBeginning: false,
      handler: async (batch) => {
        seen.push(...batch.messages.map((m) => m.value.toString()));
      },
    });
    await bus.publishBatch('t', [{ key: 'k', value: 'new' }]);
    await waitFor(() => seen.length === 1, 2_000, 'the new message');
    expect(seen).toEqual(['new']);
    await bus.close();
  });

  it('drops messages every group has committed, and not before', async () => {
    const bus = new EmbeddedEventBus({ defaultPartitions: 1, compactAfter: 100 });
    await bus.ensureTopics([{ topic: 't' }]);
    await bus.publishBatch(
      't',
      Array.from({ length: 1_000 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let fast = 0;
    let slow = 0;
    await bus.subscribe({
      groupId: 'fast',
      topics: ['t'],
      handler: async (b) => {
        fast += b.messages.length;
      },
    });
    await bus.subscribe({
      groupId: 'slow',
      topics: ['t'],
      handler: async (b) => {
        await gate;
        slow += b.messages.length;
      },
    });
    await waitFor(() => fast === 1_000, 2_000, 'the fast group');
    expect(bus.retainedMessages('t', 0)).toBe(1_000);
    release();
    await waitFor(() => slow === 1_000, 2_000, 'the slow group');
    await waitFor(() => bus.retainedMessages('t', 0) < 100, 2_000, 'compaction');
    expect(bus.partitionLength('t', 0)).toBe(1_000);
    await bus.publishBatch('t', [{ key: 'k', value: 'later' }]);
    const seen: string[] = [];
    await bus.subscribe({
      groupId: 'new',
      topics: ['t'],
      handler: async (b) => void seen.push(...b.messages.map((m) => m.offset)),
    });
    await waitFor(() => seen.includes('1000'), 2_000, 'the newest message');
    expect(Number(seen[0])).toBeGreaterThan(900);
    await bus.close();
  });
});

describe('EmbeddedEventBus ping', () => {
  it('answers while open and refuses once closed', async () => {
    const bus = new EmbeddedEventBus();
    await bus.ping();
    await bus.close();
    await expect(bus.ping()).rejects.toThrow('the event bus is not reachable: the embedded bus is closed');
  });
});
