#!/usr/bin/env node
// `npm test`: on the project's Node (24; fetched from the npm registry when the system one is
// older), with native modules built for it, provisions the rig (Kafka, Redis, PostgreSQL, S3,
// MLflow, the OSCAL schema, Chromium) and runs every vitest project. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureNativeModules, ensureNode, root } from './lib/node-runtime.mjs';

ensureNode(join(root, 'scripts', 'test.mjs'));
ensureNativeModules();

function run(title, args) {
  process.stdout.write(`\n> ${title}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.error) {
    process.stderr.write(`test: ${title} could not run: ${result.error.message}\n`);
    process.exit(1);
  }
  return result.status ?? 1;
}

// Unit tests need no services: `npm run test:unit` skips the rig.
const args = process.argv.slice(2);
const projects = args.flatMap((arg, i) =>
  arg === '--project' ? [args[i + 1]] : arg.startsWith('--project=') ? [arg.slice(10)] : [],
);
const unitOnly = projects.length > 0 && projects.every((name) => name === 'unit');
if (!unitOnly) {
  const up = run('starting the test rig', [join(root, 'scripts', 'services.mjs'), 'up']);
  if (up !== 0) process.exit(up);
}
process.exit(run('vitest run', [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args]));
