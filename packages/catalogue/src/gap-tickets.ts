import type { Kysely, Transaction } from 'kysely';
import { appendEntries, payloadHash } from './audit.js';
import { type Dialect, insertRows } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, GapTicketFlag, GapTicketRecord, TicketSystem } from './port.js';
import type { CatalogueDatabase, GapTicketsTable } from './schema.js';

function rowOf(ticket: GapTicketRecord): GapTicketsTable {
  return {
    workspace: ticket.workspace,
    gap_id: ticket.gapId,
    system: ticket.system,
    issue_key: ticket.issueKey,
    url: ticket.url,
    fingerprint: ticket.fingerprint,
    status: ticket.status ?? null,
    status_category: ticket.statusCategory ?? null,
    assignee_name: ticket.assigneeName ?? null,
    assignee_account_id: ticket.assigneeAccountId ?? null,
    last_synced_at: instant(ticket.lastSyncedAt, 'lastSyncedAt'),
    flag: ticket.flag ?? null,
  };
}

function recordOf(row: GapTicketsTable): GapTicketRecord {
  const record: GapTicketRecord = {
    workspace: row.workspace,
    gapId: row.gap_id,
    system: row.system as TicketSystem,
    issueKey: row.issue_key,
    url: row.url,
    fingerprint: row.fingerprint,
    lastSyncedAt: row.last_synced_at,
  };
  if (row.status !== null) record.status = row.status;
  if (row.status_category !== null) record.statusCategory = row.status_category;
  if (row.assignee_name !== null) record.assigneeName = row.assignee_name;
  if (row.assignee_account_id !== null) record.assigneeAccountId = row.assignee_account_id;
  if (row.flag !== null) record.flag = row.flag as GapTicketFlag;
  return record;
}

const idOf = (row: Pick<GapTicketsTable, 'workspace' | 'gap_id' | 'system'>) =>
  `${row.workspace}\u0000${row.gap_id}\u0000${row.system}`;

/** What the audit entry vouches for: everything but the time of the last check. */
function materialOf(row: GapTicketsTable): Omit<GapTicketsTable, 'last_synced_at'> {
  const { last_synced_at: _at, ...material } = row;
  return material;
}

const sameMaterial = (a: GapTicketsTable, b: GapTicketsTable) =>
  JSON.stringify(materialOf(a)) === JSON.stringify(materialOf(b));

/**
 * Upserts gap tickets inside the write lock. Rows equal to the stored ones write nothing; a new
 * link is audited as gap-ticket.linked, any other change but lastSyncedAt as gap-ticket.updated.
 */
export async function writeGapTickets(
  trx: Transaction<CatalogueDatabase>,
  tickets: GapTicketRecord[],
  actor: Actor,
  now: string,
  dialect: Dialect,
): Promise<void> {
  const rows = [...new Map(tickets.map((ticket) => [idOf(rowOf(ticket)), rowOf(ticket)])).values()];
  const existing = new Map<string, GapTicketsTable>();
  for (const workspace of new Set(rows.map((row) => row.workspace))) {
    const stored = await trx
      .selectFrom('gap_tickets')
      .selectAll()
      .where('workspace', '=', workspace)
      .execute();
    for (const row of stored) existing.set(idOf(row), row);
  }
  const changed = rows.filter((row) => {
    const before = existing.get(idOf(row));
    return !before || !sameMaterial(before, row) || before.last_synced_at !== row.last_synced_at;
  });
  if (changed.length === 0) return;
  await insertRows(trx, dialect, 'gap_tickets', changed, {
    columns: ['workspace', 'gap_id', 'system'],
    update: [
      'issue_key',
      'url',
      'fingerprint',
      'status',
      'status_category',
      'assignee_name',
      'assignee_account_id',
      'last_synced_at',
      'flag',
    ],
  });
  const audited = changed.filter((row) => {
    const before = existing.get(idOf(row));
    return !before || !sameMaterial(before, row);
  });
  await appendEntries(
    trx,
    audited.map((row) => ({
      action: existing.has(idOf(row)) ? 'gap-ticket.updated' : 'gap-ticket.linked',
      subject: `${row.workspace}/gap/${row.gap_id}/ticket/${row.system}`,
      payloadHash: payloadHash(materialOf(row)),
    })),
    actor,
    now,
    dialect,
  );
}

/** The tickets of a workspace's gaps, ordered by gap id then system. */
export async function readGapTickets(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  options: { system?: TicketSystem; gapId?: string },
): Promise<GapTicketRecord[]> {
  let query = db.selectFrom('gap_tickets').selectAll().where('workspace', '=', workspace);
  if (options.system !== undefined) query = query.where('system', '=', options.system);
  if (options.gapId !== undefined) query = query.where('gap_id', '=', options.gapId);
  const rows = await query.orderBy('gap_id').orderBy('system').execute();
  return rows.map(recordOf);
}
