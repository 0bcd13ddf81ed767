import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { BusUnavailableError, KafkaEventBus } from '../src/index.js';
import { describeEventBusContract } from './bus-contract.js';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describeEventBusContract(
  'Kafka (kafkajs)',
  async () => ({
    bus: new KafkaEventBus({ brokers, clientId: 'bus-contract', consumer: { maxWaitTimeInMs: 50 } }),
    dispose: async (topics) => {
      const admin = new Kafka({
        brokers,
        clientId: 'bus-contract-cleanup',
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const mine = topics.filter((t) => existing.has(t));
        if (mine.length > 0) await admin.deleteTopics({ topics: mine });
      } finally {
        await admin.disconnect();
      }
    },
  }),
  60_000,
);

describe('KafkaEventBus ping', () => {
  it('fails within its timeout, naming the brokers, when none answers', async () => {
    const bus = new KafkaEventBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'bus-ping',
      logLevel: 'nothing',
      kafka: { connectionTimeout: 300 },
    });
    const started = Date.now();
    const error = await bus.ping?.(1_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusUnavailableError);
    expect((error as Error).message).toMatch(/^the event bus is not reachable: 127\.0\.0\.1:1: /);
    expect(Date.now() - started).toBeLessThan(3_000);
    await bus.close();
    await expect(bus.ping?.()).rejects.toThrow(/closed/);
  });
});
