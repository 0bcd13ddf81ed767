import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { verifyBundle } from '@aims/bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMesh, type TestMesh } from '../test/example-mesh.js';
import type { RunningMesh } from './mesh.js';

/** A JSON response body, read loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
const bodyOf = async (res: Response): Promise<any> => res.json();

let running: TestMesh;
let mesh: RunningMesh;
let dir: string;

beforeAll(async () => {
  running = await startTestMesh('exports');
  ({ mesh, dir } = running);
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function finished(id: string) {
  for (let i = 0; i < 300; i++) {
    const body = await bodyOf(await fetch(`${mesh.url}/v1/exports/${id}`));
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`export ${id} did not finish`);
}

describe('evidence content and exports in one process', () => {
  it('serves each version its harvested bytes with their type, and 304 for a current copy', async () => {
    const key = encodeURIComponent('kestrel/evidence-folder/file:evidence/policies/ai-policy.md');
    const res = await fetch(`${mesh.url}/v1/artifacts/${key}/versions/1/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await res.text()).toContain('# Kestrel Freight AI Policy');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[a-f0-9]{64}"$/);
    const again = await fetch(`${mesh.url}/v1/artifacts/${key}/versions/1/content`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${mesh.url}/v1/artifacts/${key}/versions/9/content`)).status).toBe(404);
  });

  it('exports a bundle an auditor can verify offline, reproducibly, and refuses bad requests', async () => {
    // Whole seconds: wait until the second after the first harvest has passed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const asOf = new Date().toISOString();
    const created = await fetch(`${mesh.url}/v1/exports`, json({ asOf }));
    expect(created.status).toBe(202);
    const queued = await bodyOf(created);
    expect(created.headers.get('location')).toBe(`/v1/exports/${queued.id}`);
    const done = await finished(queued.id);
    expect(done).toMatchObject({ status: 'succeeded', bundle: { signature: { status: 'unsigned' } } });
    const file = join(dir, 'bundle.zip');
    const download = await fetch(`${mesh.url}${done.download.url}`);
    expect(download.headers.get('content-type')).toBe('application/zip');
    await pipeline(Readable.fromWeb(download.body as never), createWriteStream(file));
    const verdict = await verifyBundle(file);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.summary.versions).toBeGreaterThan(20);
    const twin = await finished((await bodyOf(await fetch(`${mesh.url}/v1/exports`, json({ asOf })))).id);
    expect(twin.bundle.sha256).toBe(done.bundle.sha256);
    const list = await bodyOf(await fetch(`${mesh.url}/v1/exports`));
    expect(list.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([queued.id, twin.id]));

    const unknown = await fetch(
      `${mesh.url}/v1/exports`,
      json({ controls: ['A.99.1'], aiSystems: ['nope'] }),
    );
    expect(unknown.status).toBe(400);
    expect((await bodyOf(unknown)).error.message).toMatch(/A\.99\.1.*nope/);
    const future = await fetch(`${mesh.url}/v1/exports`, json({ asOf: '2999-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    const plain = await fetch(`${mesh.url}/v1/exports`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(415);
  }, 60_000);
});
