import type { WorkspaceConfig } from '@aims/config';
import { defaultTopics } from '@aims/core';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { createLogger, silentLogger } from '@aims/service-kit';
import { collect, embeddedDeps, waitFor } from '@aims/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pagedConnector } from '../test/fake-connector.js';
import { type AnyConnector, createHarvester } from './engine.js';
import { startHarvestWorkers } from './jobs.js';
import { preflightInstances } from './preflight.js';

/** The paged connector, wanting a token and an org as a real one does. */
const tokenConnector: AnyConnector = {
  ...pagedConnector({ total: 10, paceMs: 0 }),
  configSchema: z.object({ org: z.string().min(1), token: z.string().min(1) }),
};

function workspace(config: Record<string, unknown>): WorkspaceConfig {
  return {
    workspace: 'acme',
    owners: {},
    aiSystems: [],
    webhooks: { dedupWindow: 86_400_000 },
    connectors: [
      { instance: 'acme-github', connector: 'github', enabled: true, config },
      { instance: 'old-jira', connector: 'jira', enabled: false, config: { tokenEnv: 'UNSET_TOO' } },
    ],
  };
}

describe('harvest failures are harvest runs', () => {
  it('records a job whose secret is not set as a failed run naming the variable, and logs it', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const runs = await collect(bus, defaultTopics.harvestRuns);
    const lines: string[] = [];
    const logger = createLogger('harvester', { destination: { write: (line: string) => lines.push(line) } });
    const queue = new EmbeddedJobQueue(aimsJobs);
    const config = workspace({ org: 'acme', tokenEnv: 'ACME_GITHUB_TOKEN' });
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', tokenConnector]]),
      logger,
    });
    const workers = await startHarvestWorkers({ config, harvester, queueFor: () => queue, env: {}, logger });
    const { id } = await queue.enqueue('harvest.run', {
      workspace: 'acme',
      instance: 'acme-github',
      connector: 'github',
      trigger: 'schedule',
    });
    await waitFor(
      async () => (await queue.getJob('harvest.run', id))?.attemptsMade === 1,
      5_000,
      'the first try',
    );
    const [run] = await catalogue.listHarvestRuns('acme');
    expect(run).toMatchObject({
      status: 'failed',
      instance: 'acme-github',
      records: 0,
      error: { code: 'secret_missing', message: expect.stringContaining('ACME_GITHUB_TOKEN') },
    });
    await waitFor(() => runs.messages.length === 1, 5_000, 'the run on its topic');
    expect(JSON.parse(String(runs.messages[0]?.value)).status).toBe('failed');
    const logged = lines.map((line) => JSON.parse(line)).find((line) => line.level === 50);
    expect(logged?.msg).toContain('ACME_GITHUB_TOKEN');
    for (const worker of workers) await worker.close();
    await queue.close();
    await bus.close();
    await catalogue.close();
  });

  it('records a run the connector refuses to start (bad config, unknown connector) and still throws', async () => {
    const { bus, catalogue } = await embeddedDeps();
    const harvester = createHarvester({
      bus,
      catalogue,
      topics: defaultTopics,
      connectors: new Map([['github', tokenConnector]]),
      logger: silentLogger(),
    });
    const target = { workspace: 'acme', instance: 'acme-github', connector: 'github' };
    await expect(harvester.harvest({ ...target, config: { org: 'acme' } })).rejects.toThrow(
      /config_invalid|invalid/,
    );
    await expect(harvester.harvest({ ...target, connector: 'gitlab', config: {} })).rejects.toThrow(
      "unknown connector 'gitlab'",
    );
    const runs = await catalogue.listHarvestRuns('acme');
    expect(runs.map((r) => [r.status, r.error?.code]).sort()).toEqual([
      ['failed', 'config_invalid'],
      ['failed', 'unknown_connector'],
    ]);
    // No run is left `started` forever.
    expect(runs.every((r) => r.finishedAt !== undefined)).toBe(true);
    await bus.close();
    await catalogue.close();
  });
});

describe('preflightInstances', () => {
  it('finds every missing secret and bad config of the enabled instances, naming variables, never values', () => {
    const connectors = new Map([['github', tokenConnector]]);
    const config: WorkspaceConfig = {
      ...workspace({
        org: 'acme',
        tokenEnv: 'ACME_GITHUB_TOKEN',
        webhook: { secretEnv: 'ACME_HOOK_SECRET' },
      }),
    };
    config.connectors.push(
      {
        instance: 'other-github',
        connector: 'github',
        enabled: true,
        config: { token: 'literal-token-value' },
      },
      { instance: 'sharepoint', connector: 'sharepoint', enabled: true, config: {} },
    );
    const problems = preflightInstances(config, connectors, { ACME_HOOK_SECRET: 'set-secret-value' });
    expect(problems).toEqual([
      {
        instance: 'acme-github',
        variable: 'ACME_GITHUB_TOKEN',
        message: expect.stringContaining('environment variable ACME_GITHUB_TOKEN'),
      },
      { instance: 'other-github', message: expect.stringMatching(/^config\.org: /) },
      { instance: 'sharepoint', message: "unknown connector 'sharepoint'; known: github" },
    ]);
    const text = JSON.stringify(problems);
    expect(text).not.toContain('literal-token-value');
    expect(text).not.toContain('set-secret-value');
    expect(
      preflightInstances(config, connectors, { ACME_GITHUB_TOKEN: 't', ACME_HOOK_SECRET: 's' }),
    ).toHaveLength(2);
  });
});
