import { canonicalJson, sha256Hex } from '@aims/core';
import type { Kysely, Transaction } from 'kysely';
import { appendEntries } from './audit.js';
import type { Dialect } from './bulk.js';
import { instant } from './plan.js';
import type { Actor, ControlScoreRecord, ScoreWriteOutcome } from './port.js';
import { scoreFromRow, scoreSummaryFromRow } from './rows.js';
import type { CatalogueDatabase, ControlScoresTable } from './schema.js';

function scoreHash(score: ControlScoreRecord): string {
  return sha256Hex(
    canonicalJson({
      status: score.status,
      coverage: score.coverage,
      present: score.present,
      fresh: score.fresh,
      nextExpiryAt: score.nextExpiryAt === undefined ? null : instant(score.nextExpiryAt),
      detail: score.detail,
    }),
  );
}

function rowOf(score: ControlScoreRecord): ControlScoresTable {
  return {
    workspace: score.workspace,
    control_id: score.controlId,
    status: score.status,
    coverage: score.coverage,
    present: score.present,
    fresh: score.fresh,
    scored_at: instant(score.scoredAt, 'scoredAt'),
    next_expiry_at: score.nextExpiryAt === undefined ? null : instant(score.nextExpiryAt, 'nextExpiryAt'),
    score_hash: scoreHash(score),
    detail: JSON.stringify(score.detail),
  };
}

/** Writes current scores; history and audit only for scores that changed. Runs inside the write lock. */
export async function writeScores(
  trx: Transaction<CatalogueDatabase>,
  scores: ControlScoreRecord[],
  actor: Actor,
  now: string,
  dialect: Dialect,
): Promise<ScoreWriteOutcome[]> {
  const outcomes: ScoreWriteOutcome[] = [];
  const byWorkspace = new Map<string, ControlScoreRecord[]>();
  for (const score of scores)
    byWorkspace.set(score.workspace, [...(byWorkspace.get(score.workspace) ?? []), score]);
  const current = new Map<string, { status: string; hash: string }>();
  for (const [workspace, list] of byWorkspace) {
    const rows = await trx
      .selectFrom('control_scores')
      .select(['control_id', 'status', 'score_hash'])
      .where('workspace', '=', workspace)
      .where(
        'control_id',
        'in',
        list.map((s) => s.controlId),
      )
      .execute();
    for (const row of rows)
      current.set(`${workspace}/${row.control_id}`, { status: row.status, hash: row.score_hash });
  }
  const changed: ControlScoresTable[] = [];
  const touched = new Map<string, ControlScoresTable>();
  for (const score of scores) {
    const row = rowOf(score);
    const id = `${score.workspace}/${score.controlId}`;
    const before = current.get(id);
    const outcome: ScoreWriteOutcome = {
      controlId: score.controlId,
      changed: before?.hash !== row.score_hash,
    };
    if (before) outcome.previousStatus = before.status as ControlScoreRecord['status'];
    outcomes.push(outcome);
    current.set(id, { status: row.status, hash: row.score_hash });
    touched.set(id, row);
    if (outcome.changed) changed.push(row);
  }
  if (touched.size > 0) {
    await trx
      .insertInto('control_scores')
      .values([...touched.values()])
      .onConflict((oc) =>
        oc.columns(['workspace', 'control_id']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          coverage: eb.ref('excluded.coverage'),
          present: eb.ref('excluded.present'),
          fresh: eb.ref('excluded.fresh'),
          scored_at: eb.ref('excluded.scored_at'),
          next_expiry_at: eb.ref('excluded.next_expiry_at'),
          score_hash: eb.ref('excluded.score_hash'),
          detail: eb.ref('excluded.detail'),
        })),
      )
      .execute();
  }
  if (changed.length > 0) {
    const history = new Map(
      changed.map(({ score_hash: _h, ...row }) => [
        `${row.workspace}/${row.control_id}/${row.scored_at}`,
        row,
      ]),
    );
    await trx
      .insertInto('control_score_history')
      .values([...history.values()])
      .onConflict((oc) =>
        oc.columns(['workspace', 'control_id', 'scored_at']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          coverage: eb.ref('excluded.coverage'),
          present: eb.ref('excluded.present'),
          fresh: eb.ref('excluded.fresh'),
          next_expiry_at: eb.ref('excluded.next_expiry_at'),
          detail: eb.ref('excluded.detail'),
        })),
      )
      .execute();
    await appendEntries(
      trx,
      changed.map((row) => ({
        action: 'control.score.changed',
        subject: `${row.workspace}/${row.control_id}`,
        payloadHash: row.score_hash,
      })),
      actor,
      now,
      dialect,
    );
  }
  return outcomes;
}

export async function readScores(db: Kysely<CatalogueDatabase>, workspace: string, controlIds?: string[]) {
  let query = db.selectFrom('control_scores').selectAll().where('workspace', '=', workspace);
  if (controlIds) {
    if (controlIds.length === 0) return [];
    query = query.where('control_id', 'in', controlIds);
  }
  const rows = await query.orderBy('control_id').execute();
  return rows.map(scoreFromRow);
}

/** Changes whenever a workspace's current scores change: their count and the latest scoring time. */
export async function scoresStamp(db: Kysely<CatalogueDatabase>, workspace: string): Promise<string> {
  const row = await db
    .selectFrom('control_scores')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('scored_at').as('last')])
    .where('workspace', '=', workspace)
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}@${row?.last ?? ''}`;
}

export async function readScoreHistory(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  controlId: string,
  options: { since?: string; limit?: number } = {},
): Promise<ControlScoreRecord[]> {
  let query = db
    .selectFrom('control_score_history')
    .selectAll()
    .where('workspace', '=', workspace)
    .where('control_id', '=', controlId);
  if (options.since !== undefined)
    query = query.where('scored_at', '>=', new Date(options.since).toISOString());
  const rows = await query
    .orderBy('scored_at')
    .limit(Math.min(Math.max(options.limit ?? 1_000, 1), 10_000))
    .execute();
  return rows.map(scoreFromRow);
}

export async function readWorkspaceScoreHistory(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  options: { since?: string } = {},
): Promise<Omit<ControlScoreRecord, 'detail'>[]> {
  let query = db
    .selectFrom('control_score_history')
    .select([
      'workspace',
      'control_id',
      'status',
      'coverage',
      'present',
      'fresh',
      'scored_at',
      'next_expiry_at',
    ])
    .where('workspace', '=', workspace);
  if (options.since !== undefined)
    query = query.where('scored_at', '>=', new Date(options.since).toISOString());
  const rows = await query.orderBy('scored_at').orderBy('control_id').limit(200_000).execute();
  return rows.map(scoreSummaryFromRow);
}

export async function listScoresExpiringBy(
  db: Kysely<CatalogueDatabase>,
  at: string,
): Promise<ControlScoreRecord[]> {
  const rows = await db
    .selectFrom('control_scores')
    .selectAll()
    .where('next_expiry_at', '<=', new Date(at).toISOString())
    .orderBy('next_expiry_at')
    .execute();
  return rows.map(scoreFromRow);
}

export async function nextScoreExpiry(db: Kysely<CatalogueDatabase>): Promise<string | undefined> {
  const row = await db
    .selectFrom('control_scores')
    .select((eb) => eb.fn.min('next_expiry_at').as('next'))
    .executeTakeFirst();
  return row?.next ?? undefined;
}
