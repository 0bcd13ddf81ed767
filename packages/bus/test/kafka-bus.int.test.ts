import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBus } from '../src/index.js';
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
