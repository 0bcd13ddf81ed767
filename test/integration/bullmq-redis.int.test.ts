import { Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceUrl, uniqueName } from '../support/services.js';

describe('BullMQ on Redis (rig)', () => {
  const url = new URL(serviceUrl('REDIS_URL'));
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const name = uniqueName('rig-queue');
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), events.close()]);
  });

  it('runs a job round trip, retrying a failed attempt', async () => {
    let attempts = 0;
    const worker = new Worker(
      name,
      async (job) => {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails on purpose');
        return { doubled: (job.data as { n: number }).n * 2 };
      },
      { connection },
    );
    await events.waitUntilReady();
    const job = await queue.add('double', { n: 21 }, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    const result = await job.waitUntilFinished(events, 30_000);
    await worker.close();
    expect(result).toEqual({ doubled: 42 });
    expect(attempts).toBe(2);
    expect(await queue.getJobCounts('completed', 'failed')).toEqual({ completed: 1, failed: 0 });
  });
});
