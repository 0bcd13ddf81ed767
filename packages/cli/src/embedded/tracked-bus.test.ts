import { EmbeddedEventBus } from '@aims/bus';
import { describe, expect, it } from 'vitest';
import { TrackedBus } from './tracked-bus.js';

const message = (n: number) => ({ key: `k${n}`, value: `v${n}` });

describe('TrackedBus', () => {
  it('is idle only once every subscription has handled all that was published to it', async () => {
    const published: number[] = [];
    const bus = new TrackedBus(new EmbeddedEventBus({ defaultPartitions: 2 }), (_topic, n) =>
      published.push(n),
    );
    await bus.ensureTopics([{ topic: 'raw' }, { topic: 'changed' }]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: string[] = [];
    // A consumer that republishes, like the normaliser: idle needs the second hop handled too.
    await bus.subscribe({
      groupId: 'first',
      topics: ['raw'],
      handler: async (batch) => {
        await gate;
        await bus.publishBatch(
          'changed',
          batch.messages.map((m) => ({ key: m.key, value: m.value })),
        );
      },
    });
    await bus.subscribe({
      groupId: 'second',
      topics: ['changed'],
      handler: async (batch) => {
        for (const m of batch.messages) seen.push(m.value.toString());
      },
    });
    expect(bus.idle).toBe(true);
    await bus.publishBatch('raw', [message(1), message(2), message(3)]);
    expect(bus.idle).toBe(false);
    expect(await bus.settled(50)).toBe(false);
    release();
    expect(await bus.settled(5_000)).toBe(true);
    expect(seen.sort()).toEqual(['v1', 'v2', 'v3']);
    // Three raw records, then the same three again on the second hop.
    expect(published.reduce((sum, n) => sum + n, 0)).toBe(6);
    // A late subscriber that starts at the end is not waited for on what came before it.
    await bus.subscribe({
      groupId: 'late',
      topics: ['raw'],
      fromBeginning: false,
      handler: async () => undefined,
    });
    expect(bus.idle).toBe(true);
    await bus.close();
  });
});
