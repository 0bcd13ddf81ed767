import { canonicalJson } from '@aims/core';
import type { Kysely, Transaction } from 'kysely';
import { appendEntries, payloadHash } from './audit.js';
import type { Dialect } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, KpiValueRecord, KpiValueWrite } from './port.js';
import type { CatalogueDatabase, KpiValuesTable } from './schema.js';

/** What an entry says, apart from when it was computed: equal material extends the entry. */
function materialOf(value: KpiValueWrite): string {
  const { computedAt: _at, ...material } = value;
  return canonicalJson(JSON.parse(JSON.stringify(material)));
}

/** Whether the entry says what the new value says (when it was computed aside). */
function sameMaterial(row: KpiValuesTable, value: KpiValueWrite): boolean {
  const { since: _since, ...held } = recordOf(row);
  return materialOf(held) === materialOf(value);
}

function recordOf(row: Pick<KpiValuesTable, 'since' | 'computed_at' | 'doc'>): KpiValueRecord {
  return {
    ...(JSON.parse(row.doc) as Omit<KpiValueRecord, 'since' | 'computedAt'>),
    since: row.since,
    computedAt: row.computed_at,
  };
}

/**
 * Records computed KPIs inside the write lock: a value like the KPI's latest entry moves that
 * entry's computed_at; another value starts an entry (audited as kpi.changed); a value computed
 * before the latest entry's computed_at is a replay and changes nothing.
 */
export async function writeKpiValues(
  trx: Transaction<CatalogueDatabase>,
  values: KpiValueWrite[],
  actor: Actor,
  now: string,
  dialect: Dialect,
): Promise<void> {
  const audited: { action: string; subject: string; payloadHash: string }[] = [];
  for (const value of values) {
    const computedAt = instant(value.computedAt, 'computedAt');
    const latest = await trx
      .selectFrom('kpi_values')
      .selectAll()
      .where('workspace', '=', value.workspace)
      .where('kpi_id', '=', value.kpiId)
      .orderBy('since', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest && computedAt <= latest.computed_at) continue;
    if (latest && sameMaterial(latest, value)) {
      await trx
        .updateTable('kpi_values')
        .set({ computed_at: computedAt })
        .where('workspace', '=', latest.workspace)
        .where('kpi_id', '=', latest.kpi_id)
        .where('since', '=', latest.since)
        .execute();
      continue;
    }
    const { workspace: _w, kpiId: _k, computedAt: _c, ...doc } = value;
    await trx
      .insertInto('kpi_values')
      .values({
        workspace: value.workspace,
        kpi_id: value.kpiId,
        since: computedAt,
        computed_at: computedAt,
        doc: JSON.stringify({ workspace: value.workspace, kpiId: value.kpiId, ...doc }),
      })
      .execute();
    audited.push({
      action: 'kpi.changed',
      subject: `${value.workspace}/kpi/${value.kpiId}`,
      payloadHash: payloadHash({ ...value, computedAt }),
    });
  }
  await appendEntries(trx, audited, actor, now, dialect);
}

/** Each KPI's entries newest first (KPIs by id), as recorded by `asOf` when given. */
export async function readKpiValues(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  options: { kpiId?: string; asOf?: string; limit?: number },
): Promise<KpiValueRecord[]> {
  let query = db.selectFrom('kpi_values').selectAll().where('workspace', '=', workspace);
  if (options.kpiId !== undefined) query = query.where('kpi_id', '=', options.kpiId);
  const asOf = options.asOf === undefined ? undefined : instant(options.asOf, 'asOf');
  if (asOf !== undefined) query = query.where('since', '<=', asOf);
  const rows = await query.orderBy('kpi_id').orderBy('since', 'desc').execute();
  const taken = new Map<string, number>();
  const out: KpiValueRecord[] = [];
  for (const row of rows) {
    const count = taken.get(row.kpi_id) ?? 0;
    if (options.limit !== undefined && count >= options.limit) continue;
    taken.set(row.kpi_id, count + 1);
    const computedAt = asOf !== undefined && row.computed_at > asOf ? asOf : row.computed_at;
    out.push(recordOf({ ...row, computed_at: computedAt }));
  }
  return out;
}
