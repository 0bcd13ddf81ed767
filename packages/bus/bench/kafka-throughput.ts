// Publish and consume rate of the Kafka adapter (KAFKA_BROKERS), with a no-op batch handler.
// Usage: node --conditions=source --import tsx packages/bus/bench/kafka-throughput.ts [messages]
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBus } from '../src/index.js';

const count = Number(process.argv[2] ?? 100_000);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const topic = `bench-bus-${randomUUID().slice(0, 8)}`;
const bus = new KafkaEventBus({ brokers, clientId: 'bus-bench', defaultPartitions: 6 });
const payload = JSON.stringify({
  kind: 'code.review',
  attributes: { repo: 'acme/models', body: 'x'.repeat(450) },
});

try {
  await bus.ensureTopics([{ topic }]);
  const publishStart = performance.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
      key: `k-${i + j}`,
      value: payload,
    }));
    pending.push(bus.publishBatch(topic, batch));
    if (pending.length >= 4) await pending.shift();
  }
  await Promise.all(pending);
  const publishPerS = Math.round(count / ((performance.now() - publishStart) / 1_000));

  let seen = 0;
  const consumeStart = performance.now();
  let firstAt = 0;
  const done = new Promise<void>((resolve) => {
    void bus.subscribe({
      groupId: `${topic}-g`,
      topics: [topic],
      partitionsConsumedConcurrently: 3,
      handler: async (batch) => {
        if (firstAt === 0) firstAt = performance.now();
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  await done;
  const end = performance.now();
  console.log(
    JSON.stringify({
      bench: 'kafka-bus',
      messages: count,
      publish_per_s: publishPerS,
      consume_per_s: Math.round(count / ((end - firstAt) / 1_000)),
      consume_incl_join_per_s: Math.round(count / ((end - consumeStart) / 1_000)),
    }),
  );
} finally {
  await bus.close();
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}
