import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testMeshOptions } from '../test/example-mesh.js';
import { type RunningMesh, startMesh } from './mesh.js';

const OPERATOR = 'operator-key-for-the-keys-test-0123';
let dir = '';
let mesh: RunningMesh | undefined;

afterAll(async () => {
  await mesh?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The mesh over the same data folder each time, so what one start stored the next one finds. */
function start(apiKey?: string): Promise<RunningMesh> {
  return startMesh(testMeshOptions(join(dir, 'data'), apiKey ? { apiKey } : {}));
}

const bearer = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
});

describe('API keys of the all-in-one', () => {
  it('lets the operator key manage keys, and keeps requiring keys once one is stored', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-keys-'));
    mesh = await start();
    // A fresh data folder and no AIMS_API_KEY: the loopback API is open.
    expect(mesh.keysRequired).toBe(false);
    expect((await fetch(`${mesh.url}/v1/connectors`)).status).toBe(200);
    await mesh.stop();

    mesh = await start(OPERATOR);
    expect(mesh.keysRequired).toBe(true);
    expect((await fetch(`${mesh.url}/v1/connectors`)).status).toBe(401);
    const created = await fetch(
      `${mesh.url}/v1/admin/keys`,
      bearer(OPERATOR, { method: 'POST', body: JSON.stringify({ name: 'grc', scopes: ['evidence:read'] }) }),
    );
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    expect((await fetch(`${mesh.url}/v1/connectors`, bearer(key))).status).toBe(200);
    await mesh.stop();

    // Without AIMS_API_KEY the stored key still guards the API, and the operator key is gone.
    mesh = await start();
    expect(mesh.keysRequired).toBe(true);
    expect((await fetch(`${mesh.url}/v1/connectors`)).status).toBe(401);
    expect((await fetch(`${mesh.url}/v1/connectors`, bearer(OPERATOR))).status).toBe(401);
    expect((await fetch(`${mesh.url}/v1/connectors`, bearer(key))).status).toBe(200);
    expect((await fetch(`${mesh.url}/v1/admin/keys`, bearer(key))).status).toBe(403);
  }, 120_000);
});
