import { type Expression, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Dialect } from './bulk.js';
import { type KeyState, needsCurrent } from './plan.js';
import type { ArtifactWrite } from './port.js';
import { chunks, parseVersion } from './rows.js';
import type { CatalogueDatabase } from './schema.js';

/** Keys per `in (...)` list on SQLite: stays under its bind-parameter limit. */
const CHUNK = 1_000;

/** Distinct keys in lookup-sized parts: one part on PostgreSQL (one array parameter), bounded on SQLite. */
export function keyChunks(dialect: Dialect, keys: string[]): string[][] {
  const distinct = [...new Set(keys)];
  if (distinct.length === 0) return [];
  return dialect === 'postgres' ? [distinct] : chunks(distinct, CHUNK);
}

/**
 * `column` is one of `keys`. PostgreSQL gets the keys as ONE text[] parameter (`= any($1)`),
 * which it parses and plans far faster than thousands of bind parameters; SQLite gets `in (...)`.
 */
export function keyIn(dialect: Dialect, column: 'key' | 'a.key', keys: string[]): Expression<SqlBool> {
  return dialect === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${keys}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (${sql.join(keys)})`;
}

/** The stored state of every key of an upsert batch, with the current version where a delete needs it. */
export async function loadStates(
  trx: Transaction<CatalogueDatabase> | Kysely<CatalogueDatabase>,
  dialect: Dialect,
  batch: ArtifactWrite[],
): Promise<Map<string, KeyState>> {
  const states = new Map<string, KeyState>();
  for (const part of keyChunks(
    dialect,
    batch.map((item) => item.key),
  )) {
    const rows = await trx
      .selectFrom('artifacts')
      .selectAll()
      .where(keyIn(dialect, 'key', part))
      .execute();
    for (const row of rows) states.set(row.key, { row: { ...row, tombstone: Number(row.tombstone) } });
  }
  const deleted = batch.filter(needsCurrent).flatMap((d) => (states.has(d.key) ? [d.key] : []));
  for (const part of keyChunks(dialect, deleted)) {
    const rows = await trx
      .selectFrom('artifacts as a')
      .innerJoin('artifact_versions as v', (j) =>
        j.onRef('v.key', '=', 'a.key').onRef('v.version', '=', 'a.version'),
      )
      .select(['a.key', 'v.doc'])
      .where(keyIn(dialect, 'a.key', part))
      .execute();
    for (const row of rows) {
      const state = states.get(row.key);
      if (state) state.current = parseVersion(row.doc);
    }
  }
  return states;
}
