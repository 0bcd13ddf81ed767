// Global setup of the browser project: Debian's chromium from the rig (CHROMIUM_PATH in
// .services/env.json, which `npm test` writes), and a fresh build of the dashboard client that
// the API serves (tsc -b packages/dashboard; incremental, so quick when nothing changed).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

export default function setup(): void {
  let fromRig: Record<string, string> = {};
  try {
    fromRig = JSON.parse(readFileSync(resolve(root, '.services', 'env.json'), 'utf8')) as Record<
      string,
      string
    >;
  } catch {
    // The variable may still come from the environment; checked below.
  }
  const chromium = process.env.CHROMIUM_PATH ?? fromRig.CHROMIUM_PATH;
  if (!chromium || !existsSync(chromium))
    throw new Error(
      "browser tests need Debian's chromium: run 'node scripts/services.mjs up chromium' (npm test does)",
    );
  process.env.CHROMIUM_PATH = chromium;

  const tsc = resolve(root, 'node_modules', '.bin', 'tsc');
  const built = spawnSync(tsc, ['-b', 'packages/dashboard'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0)
    throw new Error(`building the dashboard client failed:\n${built.stdout}${built.stderr}`);
}
