import type { MigrationStatus } from '@aims/catalogue';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type CatalogueLocation, describeCatalogue, openCatalogue } from './adapters/catalogue.js';
import { catalogueEnv } from './env/stores.js';

/**
 * What `aims migrate` reads from the environment (the Helm migration Job sets it): the catalogue,
 * which flags override (`--database-url`, `--schema`).
 */
export const migrateEnvSchema = z.object({
  DATABASE_URL: catalogueEnv.DATABASE_URL.optional().meta({
    description:
      "The catalogue to migrate: postgres://user:password@host:5432/db or sqlite:<path>; --database-url overrides it. Default: the workspace data folder's catalogue.sqlite.",
    secret: true,
  }),
  DATABASE_SCHEMA: catalogueEnv.DATABASE_SCHEMA.describe(
    'PostgreSQL schema to migrate (made when missing); --schema overrides it. Default public.',
  ),
});

/** What a `migrate` run did: the migrations it applied now, and every one applied in total. */
export interface MigrateResult {
  applied: string[];
  total: MigrationStatus['applied'];
}

/**
 * Brings the catalogue at `url` up to the latest migration, then closes it: the one migration
 * command (`aims migrate`, the Helm pre-install/pre-upgrade Job). Idempotent; services never
 * migrate, they wait for this (`waitForCatalogueSchema`).
 */
export async function migrate(location: CatalogueLocation & { logger?: Logger }): Promise<MigrateResult> {
  const catalogue = openCatalogue(location.url, {
    ...(location.schema ? { schema: location.schema } : {}),
    ...(location.poolSize ? { poolSize: location.poolSize } : {}),
  });
  try {
    const before = await catalogue.migrationStatus();
    await catalogue.migrate();
    const after = await catalogue.migrationStatus();
    const applied = after.applied.filter((name) => !before.applied.includes(name));
    location.logger?.info(
      { catalogue: describeCatalogue(location), applied, total: after.applied.length },
      applied.length > 0 ? `catalogue migrated: ${applied.join(', ')}` : 'catalogue already up to date',
    );
    return { applied, total: after.applied };
  } finally {
    await catalogue.close();
  }
}
