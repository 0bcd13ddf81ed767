import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { busFromEnv, commonEnv, kafkaEnv, parseEnv } from '../src/index.js';
import { deleteTopics, describeTopic, rig, runNames } from './rig.js';

const { prefix } = runNames('kafkaenv');
const schema = z.object({ ...commonEnv, ...kafkaEnv });

afterAll(() => deleteTopics(prefix));

describe('Kafka settings from env', () => {
  it("creates topics with the configured partitions and, by default, the broker's replication factor", async () => {
    const env = parseEnv('test', schema, { KAFKA_BROKERS: rig().brokers, KAFKA_PARTITIONS: '3' });
    const bus = busFromEnv(env, 'test');
    await bus.ensureTopics([{ topic: `${prefix}.defaults` }]);
    // The rig's single broker has default.replication.factor=1.
    expect(await describeTopic(`${prefix}.defaults`)).toEqual({ partitions: 3, replicas: [1, 1, 1] });
    await bus.publishBatch(`${prefix}.defaults`, [{ key: 'k', value: 'v' }]);
    await bus.close();
  });

  it('asks the broker for the configured replication factor (a single broker refuses 3)', async () => {
    const env = parseEnv('test', schema, { KAFKA_BROKERS: rig().brokers, KAFKA_REPLICATION_FACTOR: '3' });
    const bus = busFromEnv(env, 'test');
    const error = (await bus.ensureTopics([{ topic: `${prefix}.replicated` }]).catch((e: unknown) => e)) as {
      errors?: Array<{ topic: string; type: string }>;
    };
    expect(error.errors).toEqual([
      expect.objectContaining({ topic: `${prefix}.replicated`, type: 'INVALID_REPLICATION_FACTOR' }),
    ]);
    await bus.close();
  });
});
