import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_HEADERS,
  type DeliveredMessage,
  deadLetterTopic,
  type EventBus,
  type MessageBatch,
  publishDeadLetters,
  type Subscription,
} from '../src/index.js';

export interface BusUnderTest {
  bus: EventBus;
  /** Removes what the run created (topics); called once after all tests. */
  dispose(topics: string[]): Promise<void>;
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const text = (m: DeliveredMessage): string => m.value.toString('utf8');

/** The behaviour every EventBus adapter must show; `timeoutMs` bounds each wait. */
export function describeEventBusContract(
  name: string,
  factory: () => Promise<BusUnderTest>,
  timeoutMs = 30_000,
): void {
  describe(`EventBus contract: ${name}`, () => {
    let target: BusUnderTest;
    const topics: string[] = [];
    const run = randomUUID().slice(0, 8);
    const subscriptions: Subscription[] = [];

    async function freshTopic(partitions = 3): Promise<string> {
      const topic = `contract-${run}-${topics.length}`;
      topics.push(topic, deadLetterTopic(topic));
      await target.bus.ensureTopics([
        { topic, partitions },
        { topic: deadLetterTopic(topic), partitions: 1 },
      ]);
      return topic;
    }

    async function collect(topic: string, groupId: string, handler?: (batch: MessageBatch) => Promise<void>) {
      const seen: DeliveredMessage[] = [];
      const sub = await target.bus.subscribe({
        groupId,
        topics: [topic],
        handler: async (batch) => {
          await handler?.(batch);
          seen.push(...batch.messages);
        },
      });
      subscriptions.push(sub);
      return { seen, sub };
    }

    beforeAll(async () => {
      target = await factory();
    });

    afterAll(async () => {
      await Promise.allSettled(subscriptions.map((s) => s.stop()));
      await target.bus.close();
      await target.dispose(topics);
    });

    it('answers a ping while it is open', async () => {
      await expect(target.bus.ping?.()).resolves.toBeUndefined();
    });

    it('delivers every message, one key always on one partition in publish order', async () => {
      const topic = await freshTopic();
      const messages = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 5}`, value: `${i % 5}:${i}` }));
      await target.bus.publishBatch(topic, messages);
      const { seen } = await collect(topic, `g-${run}-order`);
      await waitFor(() => seen.length >= 60, timeoutMs, '60 messages');
      expect(seen).toHaveLength(60);
      for (let k = 0; k < 5; k += 1) {
        const ofKey = seen.filter((m) => m.key === `k${k}`);
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
        expect(ofKey.map(text)).toEqual(messages.filter((m) => m.key === `k${k}`).map((m) => m.value));
      }
    });

    it('carries headers and binary values unchanged', async () => {
      const topic = await freshTopic(1);
      const bytes = Buffer.from([0, 255, 1, 254]);
      await target.bus.publishBatch(topic, [{ key: 'bin', value: bytes, headers: { 'x-trace': 'abc' } }]);
      const { seen } = await collect(topic, `g-${run}-headers`);
      await waitFor(() => seen.length === 1, timeoutMs, 'one message');
      expect(seen[0]?.value.equals(bytes)).toBe(true);
      expect(seen[0]?.headers['x-trace']).toBe('abc');
      expect(seen[0]?.key).toBe('bin');
    });

    it('redelivers a batch whose handler threw, before anything after it', async () => {
      const topic = await freshTopic(1);
      await target.bus.publishBatch(
        topic,
        [1, 2, 3].map((i) => ({ key: 'same', value: String(i) })),
      );
      let failed = false;
      const { seen } = await collect(topic, `g-${run}-retry`, async (batch) => {
        if (!failed && batch.messages.some((m) => text(m) === '1')) {
          failed = true;
          throw new Error('first try fails');
        }
      });
      await waitFor(() => seen.length >= 3, timeoutMs, 'redelivery');
      expect(failed).toBe(true);
      expect(seen.map(text)).toEqual(['1', '2', '3']);
    });

    it('gives uncommitted messages to the next member when one stops before commit', async () => {
      const topic = await freshTopic(1);
      const group = `g-${run}-handover`;
      await target.bus.publishBatch(
        topic,
        ['a', 'b'].map((v) => ({ key: 'k', value: v })),
      );
      let started = false;
      const first = await target.bus.subscribe({
        groupId: group,
        topics: [topic],
        handler: async (_batch, { signal }) => {
          started = true;
          await new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => resolve(), { once: true }),
          );
          throw new Error('stopped before commit');
        },
      });
      await waitFor(() => started, timeoutMs, 'first member to get the batch');
      await first.stop();
      const { seen } = await collect(topic, group);
      await waitFor(() => seen.length >= 2, timeoutMs, 'second member to get the batch');
      expect(seen.map(text)).toEqual(['a', 'b']);
    });

    it('resumes a group after its committed offset', async () => {
      const topic = await freshTopic(1);
      const group = `g-${run}-resume`;
      await target.bus.publishBatch(topic, [{ key: 'k', value: 'old' }]);
      const before = await collect(topic, group);
      await waitFor(() => before.seen.length === 1, timeoutMs, 'the first message');
      await before.sub.stop();
      await target.bus.publishBatch(topic, [{ key: 'k', value: 'new' }]);
      const after = await collect(topic, group);
      await waitFor(() => after.seen.length >= 1, timeoutMs, 'the second message');
      expect(after.seen.map(text)).toEqual(['new']);
    });

    it('delivers to every group, and members of one group share the partitions', async () => {
      const topic = await freshTopic(4);
      const shared = `g-${run}-shared`;
      const a = await collect(topic, shared);
      const b = await collect(topic, shared);
      const other = await collect(topic, `g-${run}-other`);
      const published: string[] = [];
      let round = 0;
      // Keep publishing until both members have received something (Kafka rebalances take a while).
      await waitFor(
        () => {
          if (round * 5 <= published.length && round < 400) {
            const batch = Array.from({ length: 8 }, (_, i) => ({
              key: `key-${round}-${i}`,
              value: `v-${round}-${i}`,
            }));
            published.push(...batch.map((m) => m.value));
            void target.bus.publishBatch(topic, batch);
            round += 1;
          }
          return a.seen.length > 0 && b.seen.length > 0;
        },
        timeoutMs * 2,
        'both members to receive messages',
      );
      await waitFor(
        () => new Set([...a.seen, ...b.seen].map(text)).size >= published.length,
        timeoutMs,
        'the group to receive everything',
      );
      await waitFor(() => other.seen.length >= published.length, timeoutMs, 'the other group');
      const partitionsA = new Set(a.seen.map((m) => m.partition));
      const partitionsB = new Set(b.seen.map((m) => m.partition));
      expect([...partitionsA].filter((p) => partitionsB.has(p)).length).toBeLessThan(4);
      expect(new Set(other.seen.map(text))).toEqual(new Set(published));
    });

    it('dead-letters a message with the agreed headers and record', async () => {
      const topic = await freshTopic(1);
      await target.bus.publishBatch(topic, [{ key: 'poison', value: 'not json' }]);
      const { seen } = await collect(topic, `g-${run}-dlq-source`, async (batch) => {
        await publishDeadLetters(
          target.bus,
          batch.messages.map((message) => ({
            message,
            reason: { stage: 'contract.parse', error: { code: 'invalid_json', message: 'Unexpected token' } },
          })),
        );
      });
      await waitFor(() => seen.length === 1, timeoutMs, 'the poison message');
      const dead = await collect(deadLetterTopic(topic), `g-${run}-dlq-reader`);
      await waitFor(() => dead.seen.length === 1, timeoutMs, 'the dead letter');
      const letter = dead.seen[0] as DeliveredMessage;
      expect(letter.key).toBe('poison');
      expect(letter.headers[DEAD_LETTER_HEADERS.stage]).toBe('contract.parse');
      expect(letter.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('invalid_json');
      expect(letter.headers[DEAD_LETTER_HEADERS.originalTopic]).toBe(topic);
      expect(letter.headers[DEAD_LETTER_HEADERS.originalOffset]).toBe(seen[0]?.offset);
      const record = JSON.parse(text(letter)) as Record<string, unknown>;
      expect(record).toMatchObject({
        originalTopic: topic,
        originalPartition: 0,
        key: 'poison',
        stage: 'contract.parse',
        value: { encoding: 'utf8', data: 'not json' },
      });
    });
  });
}
