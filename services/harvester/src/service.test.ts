import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from '@aims/blobs';
import { defaultTopics } from '@aims/core';
import { InstancesNotReadyError } from '@aims/harvester';
import { harvestQueues, migrate, silentLogger, ticketQueues } from '@aims/service-kit';
import { collect, embeddedDeps, serveHealth, spawnService, waitFor } from '@aims/service-kit/testing';
import { MeshMetrics } from '@aims/telemetry';
import { describe, expect, it } from 'vitest';
import { loadHarvesterEnv } from './env.js';
import { startHarvesterService } from './service.js';

const main = new URL('./main.ts', import.meta.url).pathname;
const evidence = new URL('../../../examples/workspace/evidence/records/roles-and-raci.md', import.meta.url)
  .pathname;

/** A workspace whose local-folder root is the relative path `evidence`, next to aims.yaml. */
function workspaceDir(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'aims-harvester-'));
  mkdirSync(join(dir, 'evidence'));
  copyFileSync(evidence, join(dir, 'evidence', 'roles-and-raci.md'));
  writeFileSync(
    join(dir, 'aims.yaml'),
    [
      'workspace: acme',
      'connectors:',
      '  - instance: policies',
      '    connector: local-folder',
      '    config: { roots: [{ path: evidence }] }',
      extra,
    ].join('\n'),
  );
  return dir;
}

const githubWithSecret = [
  '  - instance: acme-github',
  '    connector: github',
  '    config: { org: acme, tokenEnv: ACME_GITHUB_TOKEN }',
].join('\n');

/** The embedded adapters and a folder blob store: what the tests run the service on. */
const embeddedEnv = (dir: string) => ({
  EVENT_BUS: 'embedded',
  JOB_QUEUE: 'embedded',
  BLOB_STORE: 'folder',
  BLOB_FOLDER: join(dir, 'blobs'),
});

describe('harvester service', () => {
  it('reads a relative local-folder root next to the workspace config and stores the content it read', async () => {
    const dir = workspaceDir();
    const { bus, catalogue } = await embeddedDeps();
    const raw = await collect(bus, defaultTopics.raw);
    const queues = harvestQueues({ kind: 'embedded', workspace: 'acme' });
    const env = loadHarvesterEnv({
      ...embeddedEnv(dir),
      DATABASE_URL: 'sqlite::memory:',
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const metrics = new MeshMetrics({ service: 'harvester' });
    const running = await startHarvesterService(env, silentLogger(), undefined, {
      bus,
      catalogue,
      queues,
      metrics,
    });
    const health = await serveHealth(running, metrics);
    const queue = queues.queueFor({
      instance: 'policies',
      connector: 'local-folder',
      enabled: true,
      config: {},
    });
    const { id } = await queue.enqueue('harvest.run', {
      workspace: 'acme',
      instance: 'policies',
      connector: 'local-folder',
      trigger: 'manual',
    });
    await waitFor(
      async () => (await queue.getJob('harvest.run', id))?.state === 'completed',
      10_000,
      'the harvest',
    );
    const [run] = await catalogue.listHarvestRuns('acme');
    expect(run).toMatchObject({ status: 'succeeded', records: 1 });
    await waitFor(() => raw.messages.length === 1);
    expect(JSON.parse(String(raw.messages[0]?.value)).externalId).toContain('roles-and-raci.md');
    // The distributed harvester keeps evidence content, as the all-in-one does: the API serves it.
    const stored = await new FolderBlobStore({ root: join(dir, 'blobs') }).list('sha256/');
    expect(stored.items).toHaveLength(1);

    expect(await health.readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: { bus: { status: 'ok' }, sqlite: { status: 'ok' }, folder: { status: 'ok' } },
      },
    });
    const { families, text } = await health.metrics();
    expect(families.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(
      /^aims_harvest_runs_total\{instance="policies",status="succeeded",service="harvester"\} 1$/m,
    );
    expect(text).toMatch(/^aims_harvest_records_total\{instance="policies",service="harvester"\} 1$/m);
    // The catalogue gone: /readyz names it.
    await catalogue.close();
    const down = await health.readyz();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not_ready');
    expect(down.body.checks.sqlite).toMatchObject({ status: 'down' });
    expect(down.body.checks.bus).toEqual({ status: 'ok' });
    await health.close();
    await running.stop();
    await queues.close();
    await bus.close();
  });

  it('refuses to start when a secret an enabled connector needs is not set, naming the variable', async () => {
    const dir = workspaceDir(githubWithSecret);
    const env = loadHarvesterEnv({
      ...embeddedEnv(dir),
      DATABASE_URL: 'sqlite::memory:',
      AIMS_CONFIG: join(dir, 'aims.yaml'),
    });
    const error = await startHarvesterService(env, silentLogger(), undefined, { processEnv: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InstancesNotReadyError);
    expect((error as Error).message).toContain(
      'connectors.acme-github: environment variable ACME_GITHUB_TOKEN (a secret of its github config) is not set',
    );
  });

  it('schedules the gap sync to Jira on the ticket queue when tickets.jira is configured, and not otherwise', async () => {
    const tickets = [
      'tickets:',
      '  jira:',
      '    baseUrl: https://acme.atlassian.net',
      '    emailEnv: AIMS_JIRA_EMAIL',
      '    apiTokenEnv: AIMS_JIRA_API_TOKEN',
      '    project: GOV',
      '    schedule: { every: 30m }',
    ].join('\n');
    for (const [extra, expected] of [
      [tickets, [expect.objectContaining({ schedulerId: 'tickets.sync:acme', everyMs: 1_800_000 })]],
      ['', []],
    ] as const) {
      const dir = workspaceDir(extra);
      const { bus, catalogue } = await embeddedDeps();
      const queues = ticketQueues({ kind: 'embedded' });
      const env = loadHarvesterEnv({
        ...embeddedEnv(dir),
        DATABASE_URL: 'sqlite::memory:',
        AIMS_CONFIG: join(dir, 'aims.yaml'),
      });
      const running = await startHarvesterService(env, silentLogger(), undefined, {
        bus,
        catalogue,
        tickets: queues,
        processEnv: { AIMS_JIRA_EMAIL: 'bot@acme.example', AIMS_JIRA_API_TOKEN: 'not-used-here' },
      });
      expect(await queues.queueFor('acme').listSchedules()).toEqual(expected);
      await running.stop();
      await queues.close();
      await catalogue.close();
      await bus.close();
    }
  });

  it('names a missing bucket or folder of the blob store', () => {
    expect(() =>
      loadHarvesterEnv({ EVENT_BUS: 'embedded', JOB_QUEUE: 'embedded', DATABASE_URL: 'sqlite:' }),
    ).toThrow(/S3_BUCKET: required when BLOB_STORE=s3/);
    expect(() =>
      loadHarvesterEnv({
        EVENT_BUS: 'embedded',
        JOB_QUEUE: 'embedded',
        DATABASE_URL: 'sqlite:',
        BLOB_STORE: 'folder',
      }),
    ).toThrow(/BLOB_FOLDER: required when BLOB_STORE=folder/);
  });

  it('as a process: exits 1 naming the missing secret, and 0 within 10 s of SIGTERM', async () => {
    const dir = workspaceDir(githubWithSecret);
    const url = `sqlite:${join(dir, 'catalogue.sqlite')}`;
    await migrate({ url });
    const env = {
      ...embeddedEnv(dir),
      DATABASE_URL: url,
      AIMS_CONFIG: join(dir, 'aims.yaml'),
      HEALTH_PORT: '0',
    };
    const refused = await spawnService(main, env).exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ACME_GITHUB_TOKEN');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const service = spawnService(main, { ...env, ACME_GITHUB_TOKEN: 'ghp_not_a_real_token_0123456789' });
    await service.waitForLog('service started');
    service.signal('SIGTERM');
    const stopped = await service.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.msSinceSignal).toBeLessThan(10_000);
    expect(stopped.stdout).not.toContain('ghp_not_a_real_token');
  }, 90_000);
});
