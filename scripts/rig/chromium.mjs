// Debian's chromium, for the dashboard's browser tests (playwright-core drives it through
// executablePath; no browser is downloaded). A tool, not a server: its "endpoint" is the binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { aptInstall, RigError } from './lib.mjs';

const binary = '/usr/bin/chromium';

export const chromium = {
  name: 'chromium',
  tool: true,
  envVar: 'CHROMIUM_PATH',
  url: binary,
  startTimeoutMs: 30_000,
  provision() {
    if (existsSync(binary)) return;
    aptInstall('chromium', ['chromium']);
    if (!existsSync(binary))
      throw new RigError(`chromium: the package was installed but ${binary} is missing`);
  },
  start: () => undefined,
  async probe(path) {
    if (!existsSync(path)) throw new Error(`no chromium at ${path}`);
    const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 25_000 });
    if (r.status !== 0 || !/chrom/i.test(r.stdout))
      throw new Error(`${path} --version did not answer: ${(r.stderr || r.stdout).slice(-300)}`);
  },
  stop: async () => false,
};
