import type { WorkspaceConfig } from '@aims/config';
import { defineConnector, defineStream, upsert } from '@aims/connector-sdk';
import { defaultTopics } from '@aims/core';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mergedPull } from '../test/fake-connector.js';
import { createHarvester } from './engine.js';
import { startHarvestWorkers } from './jobs.js';

/** One merged pull request per slice and stream, its external id naming both. */
function streamOf(name: string) {
  return defineStream<Record<string, never>, unknown, { repo: string }, { done: boolean }>({
    name,
    kinds: ['code.review'],
    cursor: z.object({ done: z.boolean() }),
    async *read(ctx) {
      yield upsert({
        externalId: `repo:${ctx.slice.params.repo}:${name}`,
        kind: 'code.review',
        sourceRevision: `${name}-1`,
        attributes: mergedPull(ctx.slice.params.repo, 1),
      });
    },
  });
}

const twoByTwo = defineConnector<Record<string, never>, unknown>({
  id: 'github',
  version: '0.0.1-test',
  configSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  auth: { type: 'none', description: 'none', secrets: () => [] },
  createClient: () => ({}),
  check: async () => ({ ok: true, missing: [] }),
  slices: async () => [
    { id: 'repo:acme/models', params: { repo: 'acme/models' } },
    { id: 'repo:acme/infra', params: { repo: 'acme/infra' } },
  ],
  streams: [streamOf('pull-requests'), streamOf('documents')],
});

const config: WorkspaceConfig = {
  workspace: 'acme',
  owners: {},
  aiSystems: [],
  webhooks: { dedupWindow: 86_400_000 },
  connectors: [
    {
      instance: 'acme-github',
      connector: 'github',
      enabled: true,
      // The default limit is one run a minute; this test runs two back to back.
      rateLimit: { max: 10, per: 1_000 },
      config: {},
    },
  ],
};

describe('harvest jobs', () => {
  it('harvests only the slices and streams a refresh job names', async () => {
    const { bus, catalogue } = await embeddedDeps();
    await bus.ensureTopics([{ topic: defaultTopics.harvestRuns }]);
    const raw = await collect(bus, defaultTopics.raw);
    const queue = new EmbeddedJobQueue(aimsJobs);
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', twoByTwo]]),
      logger: silentLogger(),
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
      trigger: 'webhook',
      slices: ['repo:acme/models'],
      streams: ['pull-requests'],
    });
    await waitFor(async () => (await queue.getJob('harvest.run', id))?.state === 'completed');
    await waitFor(() => raw.messages.length === 1);
    expect(raw.messages.map((m) => JSON.parse(String(m.value)).externalId)).toEqual([
      'repo:acme/models:pull-requests',
    ]);
    const all = await queue.enqueue('harvest.run', {
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      trigger: 'manual',
    });
    await waitFor(async () => (await queue.getJob('harvest.run', all.id))?.state === 'completed');
    await waitFor(() => raw.messages.length === 5);
    expect(new Set(raw.messages.slice(1).map((m) => JSON.parse(String(m.value)).externalId))).toEqual(
      new Set([
        'repo:acme/models:pull-requests',
        'repo:acme/models:documents',
        'repo:acme/infra:pull-requests',
        'repo:acme/infra:documents',
      ]),
    );
    for (const worker of workers) await worker.close();
    await queue.close();
    await bus.close();
    await catalogue.close();
  });
});
