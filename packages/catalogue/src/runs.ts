import type { Kysely } from 'kysely';
import { instant } from './plan.js';
import type { CursorRef, HarvestRunRecord, StoredCursor } from './port.js';
import type { CatalogueDatabase } from './schema.js';

export async function putHarvestRun(db: Kysely<CatalogueDatabase>, run: HarvestRunRecord): Promise<void> {
  const row = {
    run_id: run.runId,
    workspace: run.workspace,
    instance: run.instance,
    connector: run.connector,
    status: run.status,
    started_at: instant(run.startedAt, 'startedAt'),
    finished_at: run.finishedAt === undefined ? null : instant(run.finishedAt, 'finishedAt'),
    doc: JSON.stringify(run),
  };
  await db
    .insertInto('harvest_runs')
    .values(row)
    .onConflict((oc) =>
      oc.column('run_id').doUpdateSet({ status: row.status, finished_at: row.finished_at, doc: row.doc }),
    )
    .execute();
}

export async function getHarvestRun(db: Kysely<CatalogueDatabase>, runId: string) {
  const row = await db
    .selectFrom('harvest_runs')
    .select('doc')
    .where('run_id', '=', runId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.doc) as HarvestRunRecord) : undefined;
}

export async function listHarvestRuns(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  options: { instance?: string; limit?: number },
): Promise<HarvestRunRecord[]> {
  let query = db.selectFrom('harvest_runs').select('doc').where('workspace', '=', workspace);
  if (options.instance !== undefined) query = query.where('instance', '=', options.instance);
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('run_id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 1_000))
    .execute();
  return rows.map((r) => JSON.parse(r.doc) as HarvestRunRecord);
}

export async function listHarvestRunsFinishedBy(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  at: string,
  limit: number,
): Promise<HarvestRunRecord[]> {
  const rows = await db
    .selectFrom('harvest_runs')
    .select('doc')
    .where('workspace', '=', workspace)
    .where('finished_at', '<=', instant(at, 'at'))
    .orderBy('finished_at', 'desc')
    .orderBy('run_id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 10_000))
    .execute();
  return rows.map((r) => JSON.parse(r.doc) as HarvestRunRecord);
}

export async function getCursor(
  db: Kysely<CatalogueDatabase>,
  ref: CursorRef,
): Promise<StoredCursor | undefined> {
  const row = await db
    .selectFrom('connector_cursors')
    .select(['cursor', 'updated_at'])
    .where('workspace', '=', ref.workspace)
    .where('instance', '=', ref.instance)
    .where('stream', '=', ref.stream)
    .executeTakeFirst();
  return row ? { cursor: JSON.parse(row.cursor) as unknown, updatedAt: row.updated_at } : undefined;
}

export async function putCursor(
  db: Kysely<CatalogueDatabase>,
  ref: CursorRef,
  cursor: unknown,
): Promise<void> {
  const row = {
    workspace: ref.workspace,
    instance: ref.instance,
    stream: ref.stream,
    cursor: JSON.stringify(cursor ?? null),
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto('connector_cursors')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['workspace', 'instance', 'stream'])
        .doUpdateSet({ cursor: row.cursor, updated_at: row.updated_at }),
    )
    .execute();
}
