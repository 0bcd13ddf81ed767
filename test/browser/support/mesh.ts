// The real one-process mesh over a copy of examples/workspace, for the browser tests.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXAMPLE_WORKSPACE, type RunningMesh, startMesh } from '@aims/service-all-in-one';
import { silentLogger } from '@aims/service-kit';

export interface TestMesh {
  mesh: RunningMesh;
  url: string;
  /** GET an API path as JSON from Node, with the key when there is one. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read API answers loosely and assert on them
  api(path: string, accept?: string): Promise<any>;
  stop(): Promise<void>;
}

export interface TestMeshOptions {
  apiKey?: string;
  /** Extra evidence files, by path relative to the workspace's evidence folder. */
  evidence?: Readonly<Record<string, string>>;
}

export async function startTestMesh(options: TestMeshOptions = {}): Promise<TestMesh> {
  const dir = await mkdtemp(join(tmpdir(), 'aims-dashboard-'));
  const workspace = join(dir, 'ws');
  await cp(EXAMPLE_WORKSPACE, workspace, { recursive: true, filter: (src) => !src.includes('.aims') });
  for (const [path, text] of Object.entries(options.evidence ?? {})) {
    await mkdir(dirname(join(workspace, 'evidence', path)), { recursive: true });
    await writeFile(join(workspace, 'evidence', path), text);
  }
  const mesh = await startMesh({
    workspaceDir: workspace,
    dataDir: join(dir, 'data'),
    port: 0,
    host: '127.0.0.1',
    secrets: {},
    version: '0.1.0-browser-test',
    logger: silentLogger(),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  });
  await mesh.firstHarvest;
  const headers = (accept: string): Record<string, string> => ({
    accept,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  });
  return {
    mesh,
    url: mesh.url,
    async api(path, accept = 'application/json') {
      const response = await fetch(`${mesh.url}${path}`, { headers: headers(accept) });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return accept === 'application/json' ? response.json() : response.text();
    },
    async stop() {
      await mesh.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
