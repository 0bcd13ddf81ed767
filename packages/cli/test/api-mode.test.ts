import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningMesh, startMesh } from '@aims/service-all-in-one';
import { silentLogger } from '@aims/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/index.js';
import { aims, allowFrequentHarvests, copyExample } from './harness.js';

const KEY = 'cli-test-key-0123456789abcdef';

let dir: string;
let mesh: RunningMesh;
let run: ReturnType<typeof aims>;
let api: ReturnType<typeof aims>;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-cli-api-'));
  const ws = await copyExample(dir);
  await allowFrequentHarvests(ws);
  mesh = await startMesh({
    workspaceDir: ws,
    dataDir: join(dir, 'data'),
    port: 0,
    host: '127.0.0.1',
    apiKey: KEY,
    secrets: {},
    version: '0.1.0-test',
    logger: silentLogger(),
  });
  await mesh.firstHarvest;
  run = aims(dir, { AIMS_API_KEY: KEY });
  // The API through the environment, as a compliance job would set it up.
  api = aims(dir, { AIMS_API_KEY: KEY, AIMS_API_URL: mesh.url });
}, 120_000);

afterAll(async () => {
  await mesh?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('aims --api against a running mesh', () => {
  it('lists the same gaps through the API as from the data folder the API serves', async () => {
    const remote = await run('gaps', '--api', mesh.url, '--format', 'json');
    expect(remote.code).toBe(EXIT.ok);
    const local = await run('gaps', '--workspace', 'ws', '--data', 'data', '--format', 'json');
    expect(JSON.parse(remote.out).items.length).toBeGreaterThan(0);
    expect(JSON.parse(remote.out).items).toEqual(JSON.parse(local.out).items);
    const csv = await api('gaps', '--format', 'csv');
    expect(csv.out).toBe((await run('gaps', '--workspace', 'ws', '--data', 'data', '--format', 'csv')).out);
    expect((await api('gaps')).out).toContain('Priya Raman (ai-governance-lead)');
  });

  it('prints the scores the running scorer keeps, which agree with scoring now', async () => {
    const remote = await api('score', '--format', 'json');
    expect(remote.code).toBe(EXIT.ok);
    const local = await run('score', '--workspace', 'ws', '--data', 'data', '--format', 'json');
    const statuses = (out: string) =>
      Object.fromEntries(
        JSON.parse(out).items.map((c: { controlId: string; status: string }) => [c.controlId, c.status]),
      );
    expect(statuses(remote.out)).toEqual(statuses(local.out));
    expect(JSON.parse(remote.out).totals.overall.controls).toBe(38);
    expect(JSON.parse(remote.out).totals.clauses.controls).toBe(27);
    expect((await api('score')).out).toMatch(/^Controls as the API at http:\/\/127\.0\.0\.1:\d+ scored them/);
  });

  it('forecasts through the API what the data folder the API serves forecasts', async () => {
    const at = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const remote = await api('forecast', '--at', at, '--format', 'json');
    expect(remote.err).toBe('');
    expect(remote.code).toBe(EXIT.ok);
    const local = await run(
      'forecast',
      '--workspace',
      'ws',
      '--data',
      'data',
      '--at',
      at,
      '--format',
      'json',
    );
    const shape = (out: string) => {
      const view = JSON.parse(out);
      return { at: view.at, notCompliant: view.notCompliant, renew: view.renew, totals: view.totals };
    };
    expect(shape(remote.out)).toEqual(shape(local.out));
    expect((await api('forecast', '--at', at)).out).toContain('Not compliant then');
  });

  it('exports through the API: requests, waits, downloads and checks the bundle, which verifies', async () => {
    const made = await api('export', '--out', 'api.zip');
    expect(made.err).toBe('');
    expect(made.code).toBe(EXIT.ok);
    expect(made.out).toContain('aims export: wrote api.zip');
    expect(made.out).toContain('signature  unsigned (the server has no signing key)');
    expect((await run('verify', 'api.zip')).code).toBe(EXIT.ok);
    expect(await api('export', '--control', 'A.99.1')).toMatchObject({
      code: EXIT.input,
      err: 'aims: invalid export request: --control: unknown control "A.99.1"\n',
    });
    expect((await api('export', '--signing-key', 'k.pem')).code).toBe(EXIT.usage);
  }, 60_000);

  it('harvests through the API and follows the run until it finished', async () => {
    const harvested = await api('harvest', 'evidence-folder');
    expect(harvested.err).toBe('');
    expect(harvested.code).toBe(EXIT.ok);
    expect(harvested.out).toMatch(
      /evidence-folder \(local-folder\): succeeded, 0 records, 0 deletes, 0 skipped/,
    );
    expect(await api('harvest', 'nope')).toMatchObject({
      code: EXIT.input,
      err: 'aims: no connector instance "nope" in the workspace; configured: evidence-folder\n',
    });
  }, 60_000);

  it("reports each instance's status after its last run", async () => {
    const checked = await api('connectors', 'check');
    expect(checked.code).toBe(EXIT.ok);
    expect(checked.out).toMatch(/^evidence-folder \(local-folder\): ok, last run succeeded at \d{4}-/);
  });

  it('exits 5 when the API refuses the key and 4 when it cannot be reached, without a stack', async () => {
    const anonymous = await aims(dir)('gaps', '--api', mesh.url);
    expect(anonymous.code).toBe(EXIT.auth);
    expect(anonymous.err).toMatch(/^aims: the API refused the key \(unauthorized: .+\); set AIMS_API_KEY/);
    expect((await aims(dir, { AIMS_API_KEY: 'wrong-key-0123456789' })('score', '--api', mesh.url)).code).toBe(
      EXIT.auth,
    );
    const port = await closedPort();
    const away = await run('gaps', '--api', `http://127.0.0.1:${port}`);
    expect(away).toMatchObject({
      code: EXIT.unavailable,
      err: `aims: cannot reach the API at http://127.0.0.1:${port}: connection refused\n`,
    });
    const loud = await run('--verbose', 'gaps', '--api', `http://127.0.0.1:${port}`);
    expect(loud.err).toMatch(/\n\s+at /);
  });
});
