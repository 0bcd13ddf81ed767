import type { Kysely } from 'kysely';

// Where each artifact was last read (harvest slice and stream), so a full harvest can tombstone
// what it no longer finds; and the gap lifecycle (one row per gap, kept after it closes).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('artifacts').addColumn('slice', 'text').execute();
  await db.schema.alterTable('artifacts').addColumn('stream', 'text').execute();
  await db.schema
    .createIndex('artifacts_instance_slice')
    .on('artifacts')
    .columns(['workspace', 'source_instance', 'slice'])
    .execute();

  await db.schema
    .createTable('gaps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gaps_workspace_state')
    .on('gaps')
    .columns(['workspace', 'state', 'control_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gaps').ifExists().execute();
  await db.schema.dropIndex('artifacts_instance_slice').ifExists().execute();
  await db.schema.alterTable('artifacts').dropColumn('stream').execute();
  await db.schema.alterTable('artifacts').dropColumn('slice').execute();
}
