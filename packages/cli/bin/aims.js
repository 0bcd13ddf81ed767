#!/usr/bin/env node
// The `aims` command line. Its code is compiled to dist/ by `npm run build` (tsc -b). It runs on
// Node 24: under an older Node it uses the release `npm start`/`npm test` fetched into
// .services/node, or stops naming the version it needs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const needed = 24;
if (Number(process.versions.node.split('.')[0]) < needed) {
  const repo = new URL('../../../', import.meta.url);
  const pinned = existsSync(new URL('.nvmrc', repo))
    ? readFileSync(new URL('.nvmrc', repo), 'utf8').trim().replace(/^v/, '')
    : undefined;
  const fetched = pinned ? fileURLToPath(new URL(`.services/node/${pinned}/bin/node`, repo)) : undefined;
  if (!fetched || !existsSync(fetched) || process.env.AIMS_NODE_FETCHED) {
    process.stderr.write(
      `aims needs Node.js ${needed} or newer; this is Node.js ${process.versions.node}. Run \`npm start\` or \`npm test\` once (they fetch Node ${needed} from the npm registry) or install Node.js ${needed}.\n`,
    );
    process.exit(70);
  }
  const result = spawnSync(fetched, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, AIMS_NODE_FETCHED: fileURLToPath(new URL(`.services/node/${pinned}`, repo)) },
  });
  process.exit(result.status ?? 1);
}

import('../dist/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('main.js')) {
    process.stderr.write('aims: the command line is not built yet; run `npm run build` first\n');
    process.exit(70);
  }
  throw error;
});
