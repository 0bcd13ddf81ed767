import type { Kysely } from 'kysely';

// Where each artifact was last read (harvest slice and stream), so a full harvest can tombstone
// what it no longer finds; the gap lifecycle (one row per gap, kept after it closes); and the
// scores of each AI system's own evidence, kept by the scorer for the API.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('artifacts').addColumn('slice', 'text').execute();
  await db.schema.alterTable('artifacts').addColumn('stream', 'text').execute();
  // The current version's AI systems as ' a b ' (a space on each side), for filtering by one.
  await db.schema
    .alterTable('artifacts')
    .addColumn('ai_systems', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The current version's title, for searching evidence by name.
  await db.schema.alterTable('artifacts').addColumn('title', 'text').execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').column('subject').execute();
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

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('exports_workspace')
    .on('exports')
    .columns(['workspace', 'created_at'])
    .execute();

  await db.schema
    .createTable('ai_system_scores')
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('ai_system', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addColumn('score_hash', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ai_system_scores_pk', ['workspace', 'ai_system'])
    .execute();

  // Each change of an AI system's summary, for its coverage trend.
  await db.schema
    .createTable('ai_system_score_history')
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('ai_system', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ai_system_score_history_at')
    .on('ai_system_score_history')
    .columns(['workspace', 'ai_system', 'scored_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ai_system_score_history').ifExists().execute();
  await db.schema.dropTable('ai_system_scores').ifExists().execute();
  await db.schema.dropTable('exports').ifExists().execute();
  await db.schema.dropTable('api_keys').ifExists().execute();
  await db.schema.dropTable('gaps').ifExists().execute();
  await db.schema.dropIndex('artifacts_instance_slice').ifExists().execute();
  await db.schema.dropIndex('audit_log_subject').ifExists().execute();
  await db.schema.alterTable('artifacts').dropColumn('title').execute();
  await db.schema.alterTable('artifacts').dropColumn('ai_systems').execute();
  await db.schema.alterTable('artifacts').dropColumn('stream').execute();
  await db.schema.alterTable('artifacts').dropColumn('slice').execute();
}
