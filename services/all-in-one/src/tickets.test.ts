// The all-in-one schedules the gap sync to Jira when the workspace config has tickets.jira, and not
// otherwise. Jira is faked at the HTTP layer (nock) with @aims/ticket-sync's recorded payloads.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { createLogger, silentLogger } from '@aims/service-kit';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeJira } from '../../../packages/ticket-sync/test/fake-jira.ts';
import { env as jiraEnv, TOKEN } from '../../../packages/ticket-sync/test/support.ts';
import { testMeshOptions, until } from '../test/example-mesh.js';
import { EXAMPLE_WORKSPACE } from './env.js';
import { type RunningMesh, startMesh } from './mesh.js';

const TICKETS = `
tickets:
  jira:
    baseUrl: https://acme.atlassian.net
    emailEnv: AIMS_JIRA_EMAIL
    apiTokenEnv: AIMS_JIRA_API_TOKEN
    project: GOV
`;

const dirs: string[] = [];
const meshes: RunningMesh[] = [];

async function exampleCopy(extra: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-all-in-one-tickets-'));
  dirs.push(dir);
  await cp(EXAMPLE_WORKSPACE, dir, { recursive: true, filter: (path) => !path.split(sep).includes('.aims') });
  const file = join(dir, 'aims.yaml');
  await writeFile(file, `${await readFile(file, 'utf8')}${extra}`);
  return dir;
}

async function start(workspaceDir: string, logger = silentLogger()): Promise<RunningMesh> {
  const mesh = await startMesh(
    testMeshOptions(join(workspaceDir, '.aims'), { workspaceDir, secrets: jiraEnv, logger }),
  );
  meshes.push(mesh);
  return mesh;
}

beforeAll(() => {
  nock.disableNetConnect();
  // The mesh's own API, on loopback.
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  for (const mesh of meshes) await mesh.stop();
  nock.enableNetConnect();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('all-in-one gap ticket sync', () => {
  it('schedules the sync hourly when tickets.jira is configured; a run files the open gaps and logs its result', async () => {
    const jira = new FakeJira();
    const lines: string[] = [];
    const logger = createLogger('all-in-one', {
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const mesh = await start(await exampleCopy(TICKETS), logger);
    const queue = mesh.ticketSync?.queue;
    expect(queue).toBeDefined();
    expect(await queue?.listSchedules()).toEqual([
      expect.objectContaining({
        schedulerId: 'tickets.sync:kestrel',
        name: 'tickets.sync',
        everyMs: 3_600_000,
      }),
    ]);

    // After the first harvest is scored, a run on demand (what the schedule enqueues) files every open gap.
    await mesh.firstHarvest;
    const open = (await mesh.catalogue.listGaps('kestrel', { state: 'open' })).filter(
      (gap) => gap.aiSystem === undefined,
    );
    expect(open.length).toBeGreaterThan(0);
    const runNow = async () => {
      const { id } = (await queue?.enqueue('tickets.sync', { workspace: 'kestrel' })) ?? { id: '' };
      return until('the sync run', async () => {
        const info = await queue?.getJob('tickets.sync', id);
        return info?.state === 'completed' || info?.state === 'failed' ? info : undefined;
      });
    };
    const job = await runNow();
    expect(job.failedReason).toBeUndefined();
    expect(job.returnValue).toMatchObject({ counts: { created: open.length, failed: 0 }, failures: [] });
    expect(jira.issues.size).toBe(open.length);
    // The next run writes nothing and reads each ticket's status back onto its gap.
    const mark = jira.requests.length;
    expect((await runNow()).returnValue).toMatchObject({ counts: { unchanged: open.length, created: 0 } });
    expect(jira.writes(mark)).toEqual([]);

    // The result is in the log (never the token), and each gap shows its ticket in the API.
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; part?: string; counts?: unknown });
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'gap ticket sync scheduled', part: 'ticket-sync', project: 'GOV' }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'gap tickets synced',
        counts: expect.objectContaining({ created: open.length }),
      }),
    );
    expect(lines.join('')).not.toContain(TOKEN);
    const gaps = (await (await fetch(`${mesh.url}/v1/gaps`)).json()) as {
      items: Array<{ id: string; ticket?: { key: string; status?: string } }>;
    };
    expect(gaps.items.length).toBe(open.length);
    for (const gap of gaps.items)
      expect(gap.ticket, gap.id).toMatchObject({ key: jira.issueOfGap(gap.id)?.key, status: 'To Do' });
  });

  it('schedules nothing without tickets.jira', async () => {
    const jira = new FakeJira();
    const lines: string[] = [];
    const logger = createLogger('all-in-one', {
      level: 'info',
      destination: { write: (line: string) => lines.push(line) },
    });
    const mesh = await start(await exampleCopy(''), logger);
    expect(mesh.ticketSync).toBeUndefined();
    await mesh.firstHarvest;
    expect(lines.some((line) => line.includes('ticket-sync'))).toBe(false);
    expect(jira.requests).toEqual([]);
  });
});
