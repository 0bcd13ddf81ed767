import { Kafka, logLevel } from 'kafkajs';

/**
 * Consumes `expected` messages of `topic` with a fresh consumer group using plain kafkajs
 * `eachBatch` (no processing), and returns messages per second from first batch to last.
 */
export async function rawConsumeRate(brokers: string[], topic: string, expected: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxBytes: 16 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let firstAt = 0;
  let bytes = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        seen += batch.messages.length;
        if (seen >= expected) resolve(performance.now());
      },
    });
  });
  const endAt = await done;
  await consumer.disconnect();
  if (bytes === 0) throw new Error(`raw consume of ${topic} read no bytes`);
  return Math.round(seen / ((endAt - firstAt) / 1000));
}
