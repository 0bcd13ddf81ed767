import { describe, expect, it } from 'vitest';
import { exportQueuePrefix, exportQueues, harvestQueues, ticketQueuePrefix, ticketQueues } from './queues.js';

describe('queues from configuration', () => {
  it('keeps one export queue per workspace, each under a prefix naming it', async () => {
    const queues = exportQueues({ kind: 'embedded' });
    expect(queues.queueFor('acme')).toBe(queues.queueFor('acme'));
    expect(queues.queueFor('acme')).not.toBe(queues.queueFor('beta'));
    expect(exportQueuePrefix('acme')).toBe('aims:exports:acme');
    await expect(queues.ping()).resolves.toBeUndefined();
    await queues.close();
  });

  it('keeps one ticket sync queue per workspace, apart from its harvest and export queues', async () => {
    const queues = ticketQueues({ kind: 'embedded' });
    expect(queues.queueFor('acme')).toBe(queues.queueFor('acme'));
    expect(queues.queueFor('acme').catalogue).toHaveProperty('tickets.sync');
    expect(ticketQueuePrefix('acme')).toBe('aims:tickets:acme');
    await queues.close();
  });

  it('fails a Redis ping at once, naming the connection state, while Redis does not answer', async () => {
    const queues = harvestQueues({ kind: 'bullmq', redisUrl: 'redis://127.0.0.1:1', workspace: 'acme' });
    const started = Date.now();
    await expect(queues.ping()).rejects.toThrow(/^redis connection is (connecting|reconnecting|wait)$/);
    expect(Date.now() - started).toBeLessThan(500);
    await queues.close();
  });

  it('wants REDIS_URL for BullMQ queues', async () => {
    const queues = exportQueues({ kind: 'bullmq' });
    expect(() => queues.queueFor('acme')).toThrow(/REDIS_URL: required when JOB_QUEUE=bullmq/);
    await queues.close();
  });
});
