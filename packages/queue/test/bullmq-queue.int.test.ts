import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { BullMqJobQueue } from '../src/index.js';
import { describeJobQueueContract, testJobs } from './queue-contract.js';

const url = process.env.REDIS_URL ?? '';
const prefixes: string[] = [];

describeJobQueueContract('BullMQ on Redis', async () => {
  const prefix = `aims-test-${randomUUID().slice(0, 8)}`;
  prefixes.push(prefix);
  return new BullMqJobQueue({ catalogue: testJobs, redis: url, prefix });
});

afterAll(async () => {
  const redis = new Redis(url);
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit();
  }
});
