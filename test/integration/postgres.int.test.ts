import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrl, uniqueName } from '../support/services.js';

describe('PostgreSQL (rig)', () => {
  const client = new pg.Client({ connectionString: serviceUrl('DATABASE_URL') });
  const schema = uniqueName('rig_pg').replaceAll('-', '_');

  beforeAll(async () => {
    await client.connect();
    await client.query(`create schema ${schema}`);
  });
  afterAll(async () => {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  it('runs transactions and queries with parameters', async () => {
    const version = await client.query<{ server_version_num: string }>('show server_version_num');
    expect(Number(version.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(130000);

    await client.query(`create table ${schema}.items (id text primary key, n int not null)`);
    await client.query('begin');
    await client.query(`insert into ${schema}.items select 'i' || g, g from generate_series(1, 100) g`);
    await client.query('commit');
    await client.query('begin');
    await client.query(`delete from ${schema}.items`);
    await client.query('rollback');

    const r = await client.query<{ count: string; total: string }>(
      `select count(*) as count, sum(n) as total from ${schema}.items where n <= $1`,
      [50],
    );
    expect(r.rows[0]).toEqual({ count: '50', total: '1275' });
  });
});
