import type { Kysely } from 'kysely';

// The history of each KPI of a workspace (clause 9.1), as the scorer computes it at each scoring:
// one row per value held, from `since` (its first computation) to `computed_at` (its latest). A
// computation that gives the same value moves computed_at; another value starts a new row. The
// value, target, review dates and the rest are the row's JSON document.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kpi_values')
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('kpi_id', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kpi_values_pk', ['workspace', 'kpi_id', 'since'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kpi_values').ifExists().execute();
}
