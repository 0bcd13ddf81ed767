import type { Kysely, Transaction } from 'kysely';
import { appendEntries, payloadHash } from './audit.js';
import type { Dialect } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, ExportRecord } from './port.js';
import type { CatalogueDatabase } from './schema.js';

/** Upserts an export record; a status change is appended to the audit log. */
export async function writeExport(
  trx: Transaction<CatalogueDatabase>,
  record: ExportRecord,
  actor: Actor,
  now: string,
  dialect: Dialect,
): Promise<void> {
  const before = await trx
    .selectFrom('exports')
    .select('status')
    .where('id', '=', record.id)
    .executeTakeFirst();
  const row = {
    id: record.id,
    workspace: record.workspace,
    status: record.status,
    created_at: instant(record.createdAt, 'createdAt'),
    doc: JSON.stringify(record),
  };
  await trx
    .insertInto('exports')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ status: row.status, doc: row.doc }))
    .execute();
  if (before?.status === record.status) return;
  await appendEntries(
    trx,
    [
      {
        action: `export.${record.status}`,
        subject: `${record.workspace}/export/${record.id}`,
        payloadHash: payloadHash(record.bundle ?? record.request),
      },
    ],
    actor,
    now,
    dialect,
  );
}

export async function readExport(
  db: Kysely<CatalogueDatabase>,
  id: string,
): Promise<ExportRecord | undefined> {
  const row = await db.selectFrom('exports').select('doc').where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.doc) as ExportRecord) : undefined;
}

export async function readExports(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  limit: number,
): Promise<ExportRecord[]> {
  const rows = await db
    .selectFrom('exports')
    .select('doc')
    .where('workspace', '=', workspace)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 1_000))
    .execute();
  return rows.map((row) => JSON.parse(row.doc) as ExportRecord);
}
