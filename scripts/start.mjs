#!/usr/bin/env node
// `npm start`: on Node 24 (fetched from the npm registry when the system Node is older), installs
// dependencies when node_modules is missing, builds every package (tsc -b),
// then runs the whole evidence mesh in this process on embedded adapters over the example
// workspace (or AIMS_WORKSPACE), serving the evidence API and the dashboard on PORT (8080).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureNativeModules, ensureNode } from './lib/node-runtime.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Node 24: runs this script again under a fetched Node 24 when the system one is older.
ensureNode(fileURLToPath(import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(title, args) {
  process.stdout.write(`\n> ${title}: npm ${args.join(' ')}\n`);
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) {
    process.stderr.write(`start: could not run npm (${result.error.message})\n`);
    process.exit(1);
  }
  if (result.status !== 0) {
    process.stderr.write(`start: "npm ${args.join(' ')}" failed with exit code ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(root, 'node_modules')))
  step('installing dependencies', ['ci', '--no-audit', '--no-fund']);
ensureNativeModules();
step('building', ['run', '-s', 'build']);

const main = join(root, 'services', 'all-in-one', 'dist', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(`start: ${main} is missing after the build\n`);
  process.exit(1);
}
await import(pathToFileURL(main).href);
