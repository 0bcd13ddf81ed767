import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCatalogue, migrations } from '@aims/catalogue';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../src/index.js';
import { aims } from './harness.js';

const names = Object.keys(migrations);
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('aims migrate', () => {
  it("migrates the workspace data folder's SQLite catalogue by default, printing what it applied, and then nothing", async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-migrate-'));
    const run = aims(dir, { AIMS_DATA_DIR: join(dir, 'data') });
    const first = await run('migrate');
    expect(first).toMatchObject({ code: EXIT.ok, err: '' });
    expect(first.out).toBe(
      [
        `aims migrate: sqlite:${join(dir, 'data', 'catalogue.sqlite')}`,
        ...names.map((name) => `  applied  ${name}`),
        `${names.length} migrations applied; the catalogue is at ${names.at(-1)}`,
        '',
      ].join('\n'),
    );
    const catalogue = createSqliteCatalogue({ filename: join(dir, 'data', 'catalogue.sqlite') });
    expect((await catalogue.migrationStatus()).pending).toEqual([]);
    await catalogue.close();
    const again = await run('migrate');
    expect(again.code).toBe(EXIT.ok);
    expect(again.out).toContain(
      `already up to date: ${names.length} migrations applied, the latest ${names.at(-1)}`,
    );
  });

  it('takes DATABASE_URL, and --database-url over it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-migrate-'));
    const fromEnv = await aims(dir, { DATABASE_URL: `sqlite:${join(dir, 'env.sqlite')}` })('migrate');
    expect(fromEnv.out).toContain(`aims migrate: sqlite:${join(dir, 'env.sqlite')}`);
    const fromFlag = await aims(dir, { DATABASE_URL: 'mysql://nope' })(
      'migrate',
      '--database-url',
      `sqlite:${join(dir, 'flag.sqlite')}`,
    );
    expect(fromFlag.code).toBe(EXIT.ok);
    expect(fromFlag.out).toContain(`aims migrate: sqlite:${join(dir, 'flag.sqlite')}`);
  });

  it('exits 2 for a malformed URL or schema, naming where it came from, and never the password', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-migrate-'));
    const env = await aims(dir, { DATABASE_URL: 'mysql://root:hunter2@db/aims' })('migrate');
    expect(env.code).toBe(EXIT.usage);
    expect(env.err).toBe('aims: DATABASE_URL must be postgres://… or sqlite:<path>\n');
    const flag = await aims(dir)(
      'migrate',
      '--database-url',
      'mysql://root:hunter2@db/aims',
      '--schema',
      'Bad-Name',
    );
    expect(flag.code).toBe(EXIT.usage);
    expect(flag.err).toContain('--database-url must be postgres://… or sqlite:<path>');
    expect(flag.err).toContain('--schema must be a lowercase SQL identifier');
    expect(flag.err).not.toContain('hunter2');
  });

  it('exits 4 when the database cannot be reached, showing the URL without its password', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-migrate-'));
    const run = await aims(dir)('migrate', '--database-url', 'postgres://aims:hunter2@127.0.0.1:1/aims');
    expect(run.code).toBe(EXIT.unavailable);
    expect(run.err).toMatch(
      /^aims: cannot migrate the catalogue at postgres:\/\/aims:\*\*\*@127\.0\.0\.1:1\/aims: .*ECONNREFUSED/,
    );
    expect(run.err).not.toContain('hunter2');
  });
});
