// npm run bench:kafkajs-produce — what one kafkajs producer costs in CPU per message, for messages
// the size of an artifact.changed event, with the key partitioner and with explicit partitions.
// It bounds the pipeline bench: every stored version publishes one such event. Last line: JSON.
import { Kafka, logLevel, type Message } from 'kafkajs';
import { rigEnv } from './pipeline/rig-env.js';

const messages = Number(process.env.BENCH_MESSAGES ?? 60_000);
const sizes = (process.env.BENCH_SIZES ?? '400,1300').split(',').map(Number);
const batch = 1_000;
const partitions = 6;

const rig = rigEnv();
const kafka = new Kafka({ clientId: 'bench-produce', brokers: rig.kafkaBrokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = kafka.producer();
const topic = `bench.produce.${Date.now().toString(36)}`;

/** CPU µs per message of producing `messages` values of `size` bytes in batches of `batch`. */
async function cpuPerMessage(size: number, explicitPartition: boolean): Promise<number> {
  const value = 'x'.repeat(size);
  const make = (start: number): Message[] =>
    Array.from({ length: batch }, (_, i) => {
      const key = `bench/bench-github/repo:acme/models:pull:${start + i}`;
      return explicitPartition ? { key, value, partition: (start + i) % partitions } : { key, value };
    });
  await producer.send({ topic, messages: make(0) }); // warm-up
  const before = process.cpuUsage();
  for (let start = 0; start < messages; start += batch) await producer.send({ topic, messages: make(start) });
  const used = process.cpuUsage(before);
  return Math.round(((used.user + used.system) / messages) * 10) / 10;
}

await admin.connect();
await producer.connect();
try {
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  const result: Record<string, unknown> = { bench: 'kafkajs-produce', messages };
  for (const size of sizes) {
    const keyed = await cpuPerMessage(size, false);
    const explicit = await cpuPerMessage(size, true);
    process.stderr.write(
      `[bench:kafkajs-produce] ${size} B: ${keyed} µs keyed, ${explicit} µs explicit partition\n`,
    );
    result[`cpu_us_per_message_${size}b`] = keyed;
    result[`cpu_us_per_message_${size}b_explicit_partition`] = explicit;
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await producer.disconnect();
  await admin.disconnect();
}
