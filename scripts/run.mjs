#!/usr/bin/env node
// `node scripts/run.mjs "<command>"`: runs a shell command on the project's Node (24; fetched
// from the npm registry when the system one is older), with native modules built for it. The
// bench scripts go through it, so they measure the Node the project ships on.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNativeModules, ensureNode, root } from './lib/node-runtime.mjs';

const command = process.argv.slice(2).join(' ').trim();
if (!command) {
  process.stderr.write('usage: node scripts/run.mjs "<command>"\n');
  process.exit(2);
}
ensureNode(join(root, 'scripts', 'run.mjs'));
ensureNativeModules();
const result = spawnSync(command, { cwd: process.cwd(), stdio: 'inherit', shell: true, env: process.env });
if (result.error) {
  process.stderr.write(`run: "${command}" could not start: ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
