import type { Kysely, Transaction } from 'kysely';
import { appendEntries, payloadHash } from './audit.js';
import { type Dialect, insertRows } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, GapRecord, GapState } from './port.js';
import type { CatalogueDatabase, GapsTable } from './schema.js';

function rowOf(gap: GapRecord): GapsTable {
  return {
    id: gap.id,
    workspace: gap.workspace,
    control_id: gap.controlId,
    state: gap.state,
    opened_at: instant(gap.openedAt, 'openedAt'),
    due_at: instant(gap.dueAt, 'dueAt'),
    closed_at: gap.closedAt === undefined ? null : instant(gap.closedAt, 'closedAt'),
    updated_at: instant(gap.updatedAt, 'updatedAt'),
    doc: JSON.stringify(gap),
  };
}

/** What a change of a gap means for the audit log. */
function actionOf(before: GapsTable | undefined, after: GapsTable): string {
  if (!before) return after.state === 'open' ? 'gap.opened' : 'gap.recorded';
  if (before.state !== after.state) return after.state === 'closed' ? 'gap.closed' : 'gap.reopened';
  return 'gap.updated';
}

/** Upserts gaps by id inside the write lock; unchanged documents write nothing. */
export async function writeGaps(
  trx: Transaction<CatalogueDatabase>,
  gaps: GapRecord[],
  actor: Actor,
  now: string,
  dialect: Dialect,
): Promise<void> {
  const rows = gaps.map(rowOf);
  const existing = new Map<string, GapsTable>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((row) => row.id);
    for (const row of await trx.selectFrom('gaps').selectAll().where('id', 'in', ids).execute())
      existing.set(row.id, row);
  }
  const changed = rows.filter((row) => existing.get(row.id)?.doc !== row.doc);
  if (changed.length === 0) return;
  // The document travels as an object (encoded once inside the statement's JSON on PostgreSQL).
  const inserts = changed.map((row) => ({ ...row, doc: JSON.parse(row.doc) as object }));
  await insertRows(trx, dialect, 'gaps', inserts, {
    columns: ['id'],
    update: ['state', 'opened_at', 'due_at', 'closed_at', 'updated_at', 'doc'],
  });
  await appendEntries(
    trx,
    changed.map((row) => ({
      action: actionOf(existing.get(row.id), row),
      subject: `${row.workspace}/gap/${row.id}`,
      payloadHash: payloadHash(JSON.parse(row.doc)),
    })),
    actor,
    now,
    dialect,
  );
}

export async function readGaps(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  options: { state?: GapState; controlId?: string },
): Promise<GapRecord[]> {
  let query = db.selectFrom('gaps').select('doc').where('workspace', '=', workspace);
  if (options.state !== undefined) query = query.where('state', '=', options.state);
  if (options.controlId !== undefined) query = query.where('control_id', '=', options.controlId);
  const rows = await query.orderBy('opened_at').orderBy('id').execute();
  return rows.map((row) => JSON.parse(row.doc) as GapRecord);
}
