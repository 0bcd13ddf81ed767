import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { CatalogueConfigError } from './errors.js';
import type { CatalogueDatabase } from './schema.js';
import { SqlCatalogue } from './sql-catalogue.js';

export interface PostgresCatalogueOptions {
  /** postgres:// URL. */
  connectionString: string;
  /** Schema holding the tables; created by migrate(). Default 'public'. */
  schema?: string;
  /** Pool size. Default 10. */
  poolSize?: number;
}

export interface SqliteCatalogueOptions {
  /** File path, or ':memory:'. */
  filename: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The catalogue on PostgreSQL. Call migrate() before use. */
export function createPostgresCatalogue(options: PostgresCatalogueOptions): SqlCatalogue {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new CatalogueConfigError(`schema "${schema}" must match ${SCHEMA_NAME.source}`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<CatalogueDatabase>({ dialect: new PostgresDialect({ pool }) });
  return new SqlCatalogue(db, { dialect: 'postgres', schema, pool });
}

/** The catalogue on SQLite (better-sqlite3, WAL). Call migrate() before use. */
export function createSqliteCatalogue(options: SqliteCatalogueOptions): SqlCatalogue {
  const database = new Database(options.filename);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<CatalogueDatabase>({ dialect: new SqliteDialect({ database }) });
  return new SqlCatalogue(db, { dialect: 'sqlite' });
}
