import type { OutgoingMessage } from '@aims/bus';
import type { WorkspaceConfig } from '@aims/config';
import { defaultTopics } from '@aims/core';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { silentLogger } from '@aims/service-kit';
import { embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { pagedConnector } from '../test/fake-connector.js';
import { createHarvester } from './engine.js';
import { startHarvestWorkers } from './jobs.js';

const cursorRef = { workspace: 'acme', instance: 'acme-github', stream: 'pulls@repo:acme/models' };

const config: WorkspaceConfig = {
  workspace: 'acme',
  owners: {},
  aiSystems: [],
  webhooks: { dedupWindow: 86_400_000 },
  connectors: [{ instance: 'acme-github', connector: 'github', enabled: true, config: {} }],
};

/** The embedded adapters, with every raw record the bus acknowledged noted by external id. */
async function trackedDeps() {
  const deps = await embeddedDeps();
  const acknowledged = new Set<string>();
  const publish = deps.bus.publishBatch.bind(deps.bus);
  deps.bus.publishBatch = async (topic: string, messages: OutgoingMessage[]) => {
    const receipts = await publish(topic, messages);
    if (topic === defaultTopics.raw)
      for (const m of messages) acknowledged.add(JSON.parse(String(m.value)).externalId);
    return receipts;
  };
  return { ...deps, acknowledged };
}

describe('a harvest stopped mid-run', () => {
  it('ends aborted, not failed, with its cursor at the last acknowledged record', async () => {
    const { bus, catalogue, acknowledged } = await trackedDeps();
    const controller = new AbortController();
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([
        [
          'github',
          pagedConnector({ total: 2_000, paceMs: 1, onRecord: (i) => i === 450 && controller.abort() }),
        ],
      ]),
      logger: silentLogger(),
      batchSize: 50,
      // Far apart: only the stop commits the cursor reached since the last one.
      checkpointEvery: 10_000,
    });
    const result = await harvester.harvest({
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      config: {},
      signal: controller.signal,
    });
    expect(result.status).toBe('aborted');
    expect(result.error?.code).toBe('aborted');
    // The connector yields a cursor every 100 records: the last one before the stop is 400.
    const cursor = (await catalogue.getCursor(cursorRef))?.cursor as { next: number };
    expect(cursor).toEqual({ next: 400 });
    for (let i = 1; i <= cursor.next; i++) expect(acknowledged.has(`repo:acme/models:pull:${i}`)).toBe(true);
    const [run] = await catalogue.listHarvestRuns('acme');
    expect(run).toMatchObject({ status: 'aborted', records: acknowledged.size, error: { code: 'aborted' } });
    expect(run?.finishedAt).toBeDefined();
    await bus.close();
    await catalogue.close();
  });

  it('completes its job when the worker closes (SIGTERM): the queue does not run it again as a failure', async () => {
    const { bus, catalogue } = await trackedDeps();
    const queue = new EmbeddedJobQueue(aimsJobs);
    let read = 0;
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', pagedConnector({ total: 5_000, paceMs: 2, onRecord: () => read++ })]]),
      logger: silentLogger(),
      batchSize: 50,
    });
    const workers = await startHarvestWorkers({
      config,
      harvester,
      queueFor: () => queue,
      env: {},
      logger: silentLogger(),
    });
    const { id } = await queue.enqueue('harvest.run', {
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      trigger: 'manual',
    });
    await waitFor(() => read > 300, 10_000, 'the harvest to be under way');
    for (const worker of workers) await worker.close();
    const job = await queue.getJob('harvest.run', id);
    expect(job).toMatchObject({ state: 'completed', attemptsMade: 1, returnValue: { status: 'aborted' } });
    const runs = await catalogue.listHarvestRuns('acme');
    expect(runs.map((r) => r.status)).toEqual(['aborted']);
    const cursor = (await catalogue.getCursor(cursorRef))?.cursor as { next: number };
    expect(cursor.next).toBeGreaterThanOrEqual(300);
    // The next run resumes where the stopped one left off.
    const resumed = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', pagedConnector({ total: 5_000, paceMs: 0 })]]),
      logger: silentLogger(),
    });
    const next = await resumed.harvest({
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      config: {},
    });
    expect(next.status).toBe('succeeded');
    expect(next.records.upserts).toBe(5_000 - cursor.next);
    await queue.close();
    await bus.close();
    await catalogue.close();
  });
});
