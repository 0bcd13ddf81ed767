// PostgreSQL from Debian's postgresql package, with a throwaway cluster and a test database.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  aptInstall,
  dir,
  home,
  log,
  RigError,
  rigPort,
  root,
  run,
  startDetached,
  stopDetached,
} from './lib.mjs';

const port = rigPort(15432);
const database = 'aims_test';

function binDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

// PostgreSQL refuses to run as root: as root the rig runs it as the 'postgres' system user.
function asServerUser(cmd, args) {
  if (process.getuid?.() !== 0) return [cmd, args];
  return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
}

function serverUserCanWrite(path) {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', path]).status === 0;
}

function serverUserCanUse(path) {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', path]).status === 0;
}

// The cluster lives in .services/postgres. Running as root, the server runs as 'postgres', which
// may not be able to reach a checkout under a private folder (/root, say): then the cluster goes to
// a folder of its own under /var/tmp, named after the checkout. Logs stay in .services/logs.
let home_;
function pgHome() {
  if (home_) return home_;
  home_ = dir('postgres');
  if (process.getuid?.() === 0) {
    chmodSync(home, 0o755);
    chmodSync(home_, 0o755);
    if (!serverUserCanUse(home_)) {
      const id = createHash('sha256').update(root).digest('hex').slice(0, 10);
      home_ = join('/var/tmp', `aims-rig-${id}`, 'postgres');
      mkdirSync(home_, { recursive: true });
      chmodSync(dirname(home_), 0o755);
    }
    const r = spawnSync('chown', ['-R', 'postgres:postgres', home_]);
    if (r.status !== 0)
      throw new RigError(
        "postgres: could not give the 'postgres' user its data folder (is the postgresql package installed?)",
      );
  }
  return home_;
}

function dataDir() {
  return join(pgHome(), 'data');
}

export const postgres = {
  name: 'postgres',
  envVar: 'DATABASE_URL',
  url: `postgres://postgres@127.0.0.1:${port}/${database}`,
  startTimeoutMs: 60_000,

  provision() {
    if (!binDir()) aptInstall('postgres', ['postgresql']);
    if (!binDir())
      throw new RigError(
        'postgres: the postgresql package is installed but no initdb was found under /usr/lib/postgresql',
      );
    const data = dataDir();
    if (existsSync(join(data, 'PG_VERSION'))) return;
    if (process.getuid?.() === 0 && !serverUserCanWrite(pgHome())) {
      throw new RigError(`postgres: the 'postgres' user cannot write ${pgHome()}`);
    }
    log('postgres', 'creating a cluster');
    const [cmd, args] = asServerUser(join(binDir(), 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    run(cmd, args, { timeoutMs: 120_000, logName: 'postgres' });
  },

  start() {
    const data = dataDir();
    const sockets = pgHome();
    const [cmd, args] = asServerUser(join(binDir(), 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      sockets,
      '-c',
      'listen_addresses=127.0.0.1',
      // A test server: durability is proven by the product's protocol, not by this cluster's fsync.
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
    ]);
    return startDetached('postgres', cmd, args);
  },

  async probe(url) {
    const require = createRequire(join(root, 'package.json'));
    const pg = require('pg');
    const target = new URL(url);
    const dbName = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [dbName]);
      if (found.rowCount === 0) await client.query(`create database "${dbName.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
    const check = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await check.connect();
    try {
      await check.query('select 1');
    } finally {
      await check.end();
    }
  },

  stop: () => stopDetached('postgres', { signal: 'SIGINT' }),
};
