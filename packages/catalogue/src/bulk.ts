import { sql, type Transaction } from 'kysely';
import { chunks } from './rows.js';
import type { CatalogueDatabase } from './schema.js';

export type Dialect = 'postgres' | 'sqlite';

export interface Conflict {
  /** Unique columns that identify the row. */
  columns: string[];
  /** Columns overwritten with the new row's values. */
  update: string[];
}

/** PostgreSQL types of non-text columns (everything else is text). */
const PG_TYPES: Record<string, string> = {
  version: 'int4',
  tombstone: 'int4',
  seq: 'int8',
  coverage: 'float8',
  present: 'float8',
  fresh: 'float8',
  // Stored as text; declared json so a version document travels as a nested object inside the one
  // JSON parameter (encoded once) and PostgreSQL writes its JSON text into the text column.
  doc: 'json',
};

/** A row to insert; `doc` may be given as the object itself and is encoded to JSON text once. */
export type InsertRow<R> = { [K in keyof R]: K extends 'doc' ? R[K] | object : R[K] };

/** SQLite rows per statement: stays under its bind-parameter limit for our widest table. */
const SQLITE_CHUNK = 1_000;

/**
 * Inserts many rows with one statement per chunk. PostgreSQL gets all rows as ONE JSON
 * parameter, `INSERT ... SELECT * FROM json_to_recordset($1)` (one bind parameter, serialised
 * natively by JSON.stringify, parsed in C); SQLite gets multi-row VALUES. An optional conflict
 * clause turns it into an upsert. Values must be JSON-representable (finite numbers).
 */
export async function insertRows<T extends keyof CatalogueDatabase>(
  trx: Transaction<CatalogueDatabase>,
  dialect: Dialect,
  table: T,
  rows: Array<InsertRow<CatalogueDatabase[T]>>,
  conflict?: Conflict,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const onConflict = conflict
    ? sql` on conflict (${sql.join(conflict.columns.map((c) => sql.id(c)))}) do update set ${sql.join(
        conflict.update.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`),
      )}`
    : sql``;
  if (dialect === 'postgres') {
    const definitions = columns.map((c) => sql`${sql.id(c)} ${sql.raw(PG_TYPES[c] ?? 'text')}`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(${sql.join(definitions)})${onConflict}`.execute(
      trx,
    );
    return;
  }
  for (const part of chunks(rows, SQLITE_CHUNK)) {
    const tuples = part.map(
      (row) =>
        sql`(${sql.join(columns.map((column) => sqliteValue((row as Record<string, unknown>)[column])))})`,
    );
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(tuples)}${onConflict}`.execute(
      trx,
    );
  }
}

/** SQLite bind value: objects (a `doc` given as the object) become their JSON text. */
function sqliteValue(value: unknown): unknown {
  if (value === undefined) return null;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}
