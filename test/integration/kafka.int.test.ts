import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrl, uniqueName } from '../support/services.js';

describe('Kafka (rig)', () => {
  const kafka = new Kafka({
    clientId: 'rig-test',
    brokers: serviceUrl('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('rig-kafka');

  beforeAll(async () => {
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  it('administers topics, produces keyed messages and consumes them through a consumer group', async () => {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(meta.topics[0]?.partitions).toHaveLength(3);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 5}`, value: `v${i}` }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const groupId = uniqueName('rig-group');
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: Array<{ key: string; value: string; partition: number }> = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
            for (const m of batch.messages) {
              seen.push({ key: String(m.key), value: String(m.value), partition: batch.partition });
              resolveOffset(m.offset);
            }
            await commitOffsetsIfNecessary({
              topics: [
                {
                  topic,
                  partitions: [
                    { partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) },
                  ],
                },
              ],
            });
            if (seen.length >= sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(seen.map((m) => m.value).sort()).toEqual(sent.map((m) => m.value).sort());
    // Same key, same partition: the ordering guarantee the pipeline relies on.
    const partitionsPerKey = new Map<string, Set<number>>();
    for (const m of seen)
      partitionsPerKey.set(m.key, (partitionsPerKey.get(m.key) ?? new Set()).add(m.partition));
    for (const parts of partitionsPerKey.values()) expect(parts.size).toBe(1);

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committed).toBe(sent.length);
    await admin.deleteGroups([groupId]);
  });
});
