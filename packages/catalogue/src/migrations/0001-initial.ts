import type { Kysely } from 'kysely';

// Portable column types only: text, integer, bigint, double precision. Timestamps are normalised
// ISO-8601 UTC strings (sortable as text); booleans are 0/1; JSON is text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('artifacts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('source_instance', 'text', (c) => c.notNull())
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('tombstone', 'integer', (c) => c.notNull())
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('seen_digests', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('artifacts_workspace_kind')
    .on('artifacts')
    .columns(['workspace', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('artifacts_expires_at').on('artifacts').column('expires_at').execute();

  await db.schema
    .createTable('artifact_versions')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('tombstone', 'integer', (c) => c.notNull())
    .addColumn('collected_at', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_versions_pk', ['key', 'version'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('entry_hash', 'text', (c) => c.notNull())
    .execute();

  for (const table of ['control_scores', 'control_score_history'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('control_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('coverage', 'double precision', (c) => c.notNull())
      .addColumn('present', 'double precision', (c) => c.notNull())
      .addColumn('fresh', 'double precision', (c) => c.notNull())
      .addColumn('scored_at', 'text', (c) => c.notNull())
      .addColumn('next_expiry_at', 'text')
      .addColumn('detail', 'text', (c) => c.notNull());
    if (table === 'control_scores') {
      builder = builder
        .addColumn('score_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('control_scores_pk', ['workspace', 'control_id']);
    } else {
      builder = builder.addPrimaryKeyConstraint('control_score_history_pk', [
        'workspace',
        'control_id',
        'scored_at',
      ]);
    }
    await builder.execute();
  }
  await db.schema
    .createIndex('control_scores_next_expiry')
    .on('control_scores')
    .column('next_expiry_at')
    .execute();

  await db.schema
    .createTable('harvest_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('harvest_runs_instance')
    .on('harvest_runs')
    .columns(['workspace', 'instance', 'started_at'])
    .execute();

  await db.schema
    .createTable('connector_cursors')
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('connector_cursors_pk', ['workspace', 'instance', 'stream'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'connector_cursors',
    'harvest_runs',
    'control_score_history',
    'control_scores',
    'audit_log',
    'artifact_versions',
    'artifacts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
