import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { MigrationStatus } from './port.js';

/**
 * Which migrations of the one migration set the database has applied, and which it still needs.
 * Reads only: a database that was never migrated has every migration pending.
 */
export async function readMigrationStatus(
  db: Kysely<unknown>,
  schema: string | undefined,
): Promise<MigrationStatus> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const migrations = await migrator.getMigrations();
  return {
    applied: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
