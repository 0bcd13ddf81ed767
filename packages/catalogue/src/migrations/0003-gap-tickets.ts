import type { Kysely } from 'kysely';

// The ticket that tracks each gap in an external system (Jira): its key and link, a fingerprint of
// what the ticket sync last wrote (so a sync compares without reading every issue), and what the
// sync last read back (status, assignee) with a flag for a ticket that disagrees with its gap.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('gap_tickets')
    .addColumn('workspace', 'text', (c) => c.notNull())
    .addColumn('gap_id', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull())
    .addColumn('issue_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('status_category', 'text')
    .addColumn('assignee_name', 'text')
    .addColumn('assignee_account_id', 'text')
    .addColumn('last_synced_at', 'text', (c) => c.notNull())
    .addColumn('flag', 'text')
    .addPrimaryKeyConstraint('gap_tickets_pk', ['workspace', 'gap_id', 'system'])
    .execute();
  await db.schema
    .createIndex('gap_tickets_issue')
    .on('gap_tickets')
    .columns(['system', 'issue_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('gap_tickets_issue').ifExists().execute();
  await db.schema.dropTable('gap_tickets').ifExists().execute();
}
