import { canonicalJson, sha256Hex } from '@aims/core';
import type { Kysely } from 'kysely';
import { type Dialect, insertRows } from './bulk.js';
import { instant } from './plan.js';
import type { AiSystemScoreRecord, AiSystemSummary } from './port.js';
import type { AiSystemScoresTable, CatalogueDatabase } from './schema.js';

function rowOf(record: AiSystemScoreRecord): AiSystemScoresTable {
  const summary = JSON.stringify(record.summary);
  const detail = JSON.stringify(record.detail ?? null);
  return {
    workspace: record.workspace,
    ai_system: record.summary.id,
    scored_at: instant(record.scoredAt, 'scoredAt'),
    score_hash: sha256Hex(canonicalJson({ summary: record.summary, detail: record.detail ?? null })),
    summary,
    detail,
  };
}

/** Upserts the scores of AI systems; rows whose hash did not change are left as they are. */
export async function writeAiSystemScores(
  db: Kysely<CatalogueDatabase>,
  dialect: Dialect,
  records: AiSystemScoreRecord[],
): Promise<void> {
  const rows = records.map(rowOf);
  await db.transaction().execute(async (trx) => {
    const known = new Map<string, { hash: string; summary: string }>();
    for (const workspace of new Set(rows.map((row) => row.workspace))) {
      const current = await trx
        .selectFrom('ai_system_scores')
        .select(['ai_system', 'score_hash', 'summary'])
        .where('workspace', '=', workspace)
        .execute();
      for (const row of current)
        known.set(`${workspace}/${row.ai_system}`, { hash: row.score_hash, summary: row.summary });
    }
    const changed = rows.filter(
      (row) => known.get(`${row.workspace}/${row.ai_system}`)?.hash !== row.score_hash,
    );
    if (changed.length === 0) return;
    // The trend keeps the summaries that moved (not evaluations that changed only in detail).
    const moved = changed.filter(
      (row) => known.get(`${row.workspace}/${row.ai_system}`)?.summary !== row.summary,
    );
    if (moved.length > 0) {
      await insertRows(
        trx,
        dialect,
        'ai_system_score_history',
        moved.map((row) => ({
          workspace: row.workspace,
          ai_system: row.ai_system,
          scored_at: row.scored_at,
          summary: row.summary,
        })),
      );
    }
    // summary and detail travel as text: they are declared text, not json, on PostgreSQL.
    await insertRows(trx, dialect, 'ai_system_scores', changed, {
      columns: ['workspace', 'ai_system'],
      update: ['scored_at', 'score_hash', 'summary', 'detail'],
    });
  });
}

export async function readAiSystemSummaries(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
): Promise<AiSystemSummary[]> {
  const rows = await db
    .selectFrom('ai_system_scores')
    .select('summary')
    .where('workspace', '=', workspace)
    .orderBy('ai_system')
    .execute();
  return rows.map((row) => JSON.parse(row.summary) as AiSystemSummary);
}

export async function readAiSystemScore(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  aiSystem: string,
): Promise<AiSystemScoreRecord | undefined> {
  const row = await db
    .selectFrom('ai_system_scores')
    .selectAll()
    .where('workspace', '=', workspace)
    .where('ai_system', '=', aiSystem)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    workspace: row.workspace,
    summary: JSON.parse(row.summary) as AiSystemSummary,
    scoredAt: row.scored_at,
    detail: JSON.parse(row.detail) as unknown,
  };
}

/** Each change of an AI system's summary, oldest first. */
export async function readAiSystemScoreHistory(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  aiSystem: string,
): Promise<{ scoredAt: string; summary: AiSystemSummary }[]> {
  const rows = await db
    .selectFrom('ai_system_score_history')
    .select(['scored_at', 'summary'])
    .where('workspace', '=', workspace)
    .where('ai_system', '=', aiSystem)
    .orderBy('scored_at')
    .execute();
  return rows.map((row) => ({
    scoredAt: row.scored_at,
    summary: JSON.parse(row.summary) as AiSystemSummary,
  }));
}
