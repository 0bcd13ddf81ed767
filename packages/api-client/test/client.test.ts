import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningMesh, startMesh } from '@aims/service-all-in-one';
import { silentLogger } from '@aims/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AimsClient, ApiClientError, ApiUnreachableError, createAimsClient } from '../src/index.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/workspace', import.meta.url));
const KEY = 'api-client-test-key-0123456789';

let dir: string;
let mesh: RunningMesh;
let client: AimsClient;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-api-client-'));
  const workspace = join(dir, 'ws');
  await cp(EXAMPLE, workspace, { recursive: true, filter: (source) => !source.split(sep).includes('.aims') });
  // The example allows one harvest a minute; the test triggers one right after the first.
  const config = join(workspace, 'aims.yaml');
  await writeFile(
    config,
    (await readFile(config, 'utf8')).replace(
      '    connector: local-folder\n',
      '    connector: local-folder\n    rateLimit: { max: 100, per: 1m }\n',
    ),
  );
  mesh = await startMesh({
    workspaceDir: workspace,
    dataDir: join(dir, 'data'),
    port: 0,
    host: '127.0.0.1',
    apiKey: KEY,
    secrets: {},
    version: '0.1.0-test',
    logger: silentLogger(),
  });
  await mesh.firstHarvest;
  client = createAimsClient({ baseUrl: mesh.url, apiKey: KEY });
}, 120_000);

afterAll(async () => {
  await mesh?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the API client against a running mesh', () => {
  it('reads controls, gaps and artifacts, typed from the contract', async () => {
    const controls = await client.listControls();
    expect(controls.items).toHaveLength(65);
    expect(controls.totals.overall.controls).toBe(38);
    expect(controls.totals.clauses.controls).toBe(27);
    const clauses = await client.listControls({ library: 'clauses' });
    expect(clauses.items.map((c) => c.controlId)).toContain('9.2');
    expect(clauses.totals.overall.controls).toBe(0);
    const control = await client.getControl('A.2.2');
    expect(control.requirements.length).toBeGreaterThan(0);
    const gaps = await client.listGaps();
    expect(gaps.items.length).toBeGreaterThan(0);
    const csv = await client.gapsCsv();
    expect(csv.split('\n')[0]).toMatch(/^id,state,reason,priority,control_id,/);
    expect(csv.trimEnd().split('\n')).toHaveLength(gaps.items.length + 1);

    const everything = (await client.listArtifacts({ limit: 500 })).items.map((a) => a.key);
    const paged: string[] = [];
    for await (const artifact of client.artifacts({ limit: 5 })) paged.push(artifact.key);
    expect(paged).toEqual(everything);
    const key = 'kestrel/evidence-folder/file:evidence/policies/ai-policy.md';
    expect((await client.getArtifact(key)).latest.title).toBe('Kestrel Freight AI Policy');
    // Anything else in the contract, typed, through the raw client.
    const systems = await client.raw.GET('/v1/ai-systems', { params: { query: { limit: 10 } } });
    expect(systems.data?.items.map((system) => system.id)).toEqual(['claims-triage', 'dispatch-assistant']);
  });

  it("turns error answers into ApiClientError carrying the API's error body", async () => {
    const anonymous = createAimsClient({ baseUrl: mesh.url });
    const refused = await anonymous.listControls().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiClientError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized', method: 'GET', path: '/v1/controls' });
    expect((refused as ApiClientError).body?.error.message).toBeTruthy();

    const missing = await client.getArtifact('kestrel/evidence-folder/file:nope.md').catch((error) => error);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', retriable: false });
    const bad = await client.createExport({ controls: ['A.99.1'] }).catch((error) => error);
    expect(bad).toBeInstanceOf(ApiClientError);
    expect(bad.status).toBe(400);
    expect(bad.details).toEqual([expect.objectContaining({ message: 'unknown control "A.99.1"' })]);
    expect(bad.message).toMatch(/^POST \/v1\/exports answered 400 invalid_export_request: /);
    expect(JSON.stringify(bad)).not.toContain(KEY);
  });

  it('says when the API cannot be reached or does not answer in time', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    const away = await createAimsClient({ baseUrl: url })
      .health()
      .catch((error: unknown) => error);
    expect(away).toBeInstanceOf(ApiUnreachableError);
    expect(away).toMatchObject({ code: 'api_unreachable', retriable: true });
    expect((away as Error).message).toBe(`cannot reach the API at ${url}: connection refused`);
    const silent = createAimsClient({
      baseUrl: mesh.url,
      timeoutMs: 50,
      fetch: () => new Promise(() => undefined),
    });
    await expect(silent.listGaps()).rejects.toThrow(
      `cannot reach the API at ${mesh.url}: no answer within 50 ms`,
    );
  });

  it('starts a harvest and follows its run until it finished', async () => {
    const { queued, run } = await client.harvest('evidence-folder', { mode: 'full', pollMs: 100 });
    expect(queued).toMatchObject({ instance: 'evidence-folder', mode: 'full' });
    expect(run).toMatchObject({
      instance: 'evidence-folder',
      status: 'succeeded',
      records: expect.any(Number),
    });
    expect(run.finishedAt).toBeDefined();
    expect((await client.getHarvestRun(run.runId)).runId).toBe(run.runId);
    const [instance] = await client.listConnectors();
    expect(instance).toMatchObject({ instance: 'evidence-folder', status: 'ok' });
  }, 60_000);

  it('requests an export, waits for it and downloads the bundle it announced', async () => {
    const queued = await client.createExport();
    const done = await client.waitForExport(queued.id, { pollMs: 100 });
    expect(done.status).toBe('succeeded');
    const download = await client.downloadExport(done.id);
    expect(download.redirected).toBe(false);
    const bytes = await bytesOf(download.body);
    expect(bytes.length).toBe(done.bundle?.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.bundle?.sha256);
  }, 60_000);

  it('follows a redirect to a presigned URL without sending the API key there', async () => {
    let seen: IncomingHttpHeaders | undefined;
    const store = await listen((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': '3' }).end('zip');
    });
    const api = await listen((req, res) => {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      res.writeHead(302, { location: `${store.url}/bucket/bundle.zip?X-Amz-Signature=abc` }).end();
    });
    try {
      const id = '00000000-0000-4000-8000-000000000000';
      const download = await createAimsClient({ baseUrl: api.url, apiKey: KEY }).downloadExport(id);
      expect(download).toMatchObject({ redirected: true, size: 3 });
      expect((await bytesOf(download.body)).toString()).toBe('zip');
      expect(seen?.authorization).toBeUndefined();
    } finally {
      await Promise.all([close(store.server), close(api.server)]);
    }
  });
});
