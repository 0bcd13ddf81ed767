// Test support: a one-process mesh on loopback over a workspace (the bundled example by default),
// in a data folder of its own, as `npm start` runs it, and a probe that waits for a condition.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@aims/service-kit';
import { EXAMPLE_WORKSPACE } from '../src/env.js';
import { type MeshOptions, type RunningMesh, startMesh } from '../src/mesh.js';

export interface TestMesh {
  mesh: RunningMesh;
  /** The temporary folder that holds the data folder (`<dir>/data`); removed by stop. */
  dir: string;
  /** A GET or, with a value, a JSON POST; the body is read loosely for assertions. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  call(path: string, value?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

/** The example workspace's mesh over `dataDir`, without API keys, on 127.0.0.1 and an ephemeral port. */
export function testMeshOptions(dataDir: string, overrides: Partial<MeshOptions> = {}): MeshOptions {
  return {
    workspaceDir: EXAMPLE_WORKSPACE,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    secrets: {},
    version: '0.1.0-test',
    logger: silentLogger(),
    ...overrides,
  };
}

/**
 * Starts the mesh without API keys on 127.0.0.1 and an ephemeral port; with `firstHarvest` (the
 * default) it resolves once the first harvest is catalogued and scored.
 */
export async function startTestMesh(
  name: string,
  options: Partial<MeshOptions> & { firstHarvest?: boolean } = {},
): Promise<TestMesh> {
  const { firstHarvest = true, ...overrides } = options;
  const dir = await mkdtemp(join(tmpdir(), `aims-${name}-`));
  const mesh = await startMesh(testMeshOptions(join(dir, 'data'), overrides));
  if (firstHarvest) await mesh.firstHarvest;
  return {
    mesh,
    dir,
    async call(path, value) {
      const res = await fetch(
        `${mesh.url}${path}`,
        value === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) },
      );
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the text as it came.
      }
      return { status: res.status, body };
    },
    async stop() {
      await mesh.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every 200 ms until it gives a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
