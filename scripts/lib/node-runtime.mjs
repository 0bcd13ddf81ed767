// The Node.js this project runs on (the version in .nvmrc, Node 24 LTS). On a machine whose
// system Node is older, the same release is fetched once from the npm registry (the
// `node-<platform>-<arch>` packages carry the binary and the headers native modules build
// against) into .services/node/<version>, and the calling script runs again under it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The pinned release, e.g. "24.22.3". */
export const NODE_VERSION = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
export const NODE_MAJOR = Number(NODE_VERSION.split('.')[0]);

const major = (version) => Number(version.replace(/^v/, '').split('.')[0]);

/** The registry package of this platform's Node build. */
function packageName() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (!platform || !arch) return undefined;
  return `node-${platform}-${arch}`;
}

/** Where a fetched release lives. */
export function fetchedNodeDir(version = NODE_VERSION) {
  return join(root, '.services', 'node', version);
}

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

/**
 * Fetches Node `version` from the npm registry unless it is already there; returns its folder
 * (bin/node, include/node). Stops the process with a message naming the version it needs when
 * the release cannot be had.
 */
export function fetchNode(version = NODE_VERSION, say = (line) => process.stdout.write(`${line}\n`)) {
  const dir = fetchedNodeDir(version);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return dir;
  const name = packageName();
  const needed = `This project needs Node.js ${NODE_MAJOR} (${version}); this is Node.js ${process.versions.node}.`;
  if (!name || process.platform === 'win32') {
    fail(`${needed}\nInstall Node.js ${version} (https://nodejs.org) and run the command again.`);
  }
  say(`${needed} Fetching ${name}@${version} from the npm registry into ${dir} (about 50 MB, once)...`);
  const work = mkdtempSync(join(tmpdir(), 'aims-node-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = spawnSync(npm, ['pack', `${name}@${version}`, '--pack-destination', work, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = packed.stdout?.trim().split('\n').pop();
    if (packed.status !== 0 || !tarball) {
      fail(
        `${needed}\nFetching ${name}@${version} from the npm registry failed: ${(packed.stderr || packed.error?.message || '').trim().split('\n').slice(-2).join(' ')}\nInstall Node.js ${version} (https://nodejs.org) and run the command again.`,
      );
    }
    const unpacked = spawnSync('tar', ['-xzf', join(work, tarball), '-C', work], { stdio: 'inherit' });
    if (unpacked.status !== 0) fail(`${needed}\nUnpacking ${tarball} failed.`);
    if (!existsSync(join(work, 'package', 'bin', 'node'))) {
      fail(`${needed}\n${name}@${version} did not contain bin/node.`);
    }
    mkdirSync(dirname(dir), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

/** Environment under which `dir`'s node is the `node` on PATH and native modules build against it. */
export function nodeEnv(dir, env = process.env) {
  return {
    ...env,
    PATH: `${join(dir, 'bin')}${delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: dir,
    AIMS_NODE_FETCHED: dir,
  };
}

/**
 * Makes sure the calling script runs on Node `NODE_MAJOR` or newer: returns when it does;
 * otherwise fetches the pinned release and runs `script` again under it with the same
 * arguments, then exits with its code.
 */
export function ensureNode(script, args = process.argv.slice(2)) {
  if (major(process.versions.node) >= NODE_MAJOR) return;
  if (process.env.AIMS_NODE_FETCHED) {
    fail(
      `Running under ${process.env.AIMS_NODE_FETCHED} still gives Node.js ${process.versions.node}; expected ${NODE_MAJOR}.`,
    );
  }
  const dir = fetchNode();
  process.stdout.write(`Using Node.js ${NODE_VERSION} from ${dir}.\n`);
  const result = spawnSync(join(dir, 'bin', 'node'), [script, ...args], {
    stdio: 'inherit',
    env: nodeEnv(dir),
  });
  if (result.error) fail(`Could not run ${join(dir, 'bin', 'node')}: ${result.error.message}`);
  process.exit(result.status ?? (result.signal ? 1 : 0));
}

/**
 * Native modules built for another Node (an install made under an older one) fail to load;
 * rebuilds them against this Node, with its own headers when it was fetched.
 */
// How to load each native module's binary: requiring better-sqlite3 loads only its JavaScript;
// the binary is opened with the first database.
const nativeProbes = {
  'better-sqlite3': "new (require('better-sqlite3'))(':memory:').close()",
};

export function ensureNativeModules(modules = Object.keys(nativeProbes)) {
  for (const name of modules) {
    if (!existsSync(join(root, 'node_modules', name))) continue;
    const code = nativeProbes[name] ?? `require(${JSON.stringify(name)})`;
    const probe = spawnSync(process.execPath, ['-e', code], {
      cwd: root,
      encoding: 'utf8',
    });
    if (probe.status === 0) continue;
    if (!/NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|was compiled against/.test(probe.stderr)) continue;
    process.stdout.write(
      `${name} was built for another Node.js; rebuilding it for ${process.versions.node}...\n`,
    );
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const env = process.env.AIMS_NODE_FETCHED ? nodeEnv(process.env.AIMS_NODE_FETCHED) : process.env;
    const rebuilt = spawnSync(npm, ['rebuild', name], { cwd: root, stdio: 'inherit', env });
    if (rebuilt.status !== 0) fail(`Rebuilding ${name} for Node.js ${process.versions.node} failed.`);
  }
}

// `node scripts/lib/node-runtime.mjs --env`: shell exports that put the pinned Node first on PATH
// (fetching it when the system one is older), for CI scripts.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--env') {
  const say = (line) => process.stderr.write(`${line}\n`);
  if (major(process.versions.node) >= NODE_MAJOR) {
    say(`Node.js ${process.versions.node} meets the required ${NODE_MAJOR}.`);
  } else {
    const dir = fetchNode(NODE_VERSION, say);
    say(`Node.js ${process.versions.node} is older than ${NODE_MAJOR}; using ${NODE_VERSION} from ${dir}.`);
    const env = nodeEnv(dir, {});
    for (const key of ['npm_config_nodedir', 'AIMS_NODE_FETCHED']) {
      process.stdout.write(`export ${key}=${JSON.stringify(env[key])}\n`);
    }
    process.stdout.write(`export PATH=${JSON.stringify(join(dir, 'bin'))}:"$PATH"\n`);
  }
}
