import type { GapTicketFlag } from '@aims/catalogue';
import type { GapSyncAction, SyncGapsResult } from '@aims/ticket-sync';
import { table } from './table.js';

const FLAG_TEXT: Record<GapTicketFlag, string> = {
  ticket_closed_evidence_missing: 'ticket closed, evidence missing',
  ticket_missing: 'ticket missing in Jira',
};

const PLANNED: Record<GapSyncAction, string> = {
  created: 'would create',
  updated: 'would update',
  closed: 'would close',
  unchanged: 'unchanged',
  failed: 'failed',
};

/** The summary line: each count, and the failed gaps by id. */
export function syncSummary(result: SyncGapsResult): string {
  const { counts } = result;
  const failedIds = result.failures.map((failure) => failure.gapId);
  const failed = `${counts.failed} failed${failedIds.length > 0 ? ` (${[...new Set(failedIds)].join(', ')})` : ''}`;
  const body = result.dryRun
    ? `dry run, nothing written: would create ${counts.created}, update ${counts.updated}, close ${counts.closed}; ${counts.unchanged} unchanged, ${failed}, ${counts.flagged} flagged`
    : `${counts.created} created, ${counts.updated} updated, ${counts.closed} closed, ${counts.unchanged} unchanged, ${failed}, ${counts.flagged} flagged`;
  return `Jira project ${result.project}, workspace ${result.workspace}: ${body}\n`;
}

/**
 * One line per gap the run wrote (or would write), flagged or failed, then the summary; unchanged
 * gaps without a flag are only counted. A failure names the step and Jira's reason.
 */
export function syncReport(result: SyncGapsResult): string {
  const failures = new Map(result.failures.map((failure) => [failure.gapId, failure]));
  const rows: string[][] = [];
  for (const outcome of result.outcomes) {
    if (outcome.action === 'unchanged' && outcome.flag === undefined) continue;
    const failure = failures.get(outcome.gapId);
    let detail = '';
    if (failure !== undefined) detail = `${failure.operation}: ${failure.message} (${failure.code})`;
    else if (outcome.flag !== undefined) detail = FLAG_TEXT[outcome.flag];
    else if (outcome.evidence !== undefined)
      detail =
        outcome.evidence.length === 0
          ? 'no evidence to cite'
          : `cites ${outcome.evidence.map((ref) => `${ref.key} v${ref.version}`).join(', ')}`;
    rows.push([
      result.dryRun ? PLANNED[outcome.action] : outcome.action,
      outcome.gapId,
      outcome.issueKey ?? '-',
      detail,
    ]);
  }
  // A failure the outcomes do not list (a gap whose ticket could not be read) still gets its line.
  for (const failure of result.failures)
    if (!result.outcomes.some((outcome) => outcome.gapId === failure.gapId))
      rows.push([
        'failed',
        failure.gapId,
        failure.issueKey ?? '-',
        `${failure.operation}: ${failure.message} (${failure.code})`,
      ]);
  const lines = rows.length === 0 ? '' : `${table(['ACTION', 'GAP', 'TICKET', 'DETAIL'], rows)}\n`;
  return `${lines}${syncSummary(result)}`;
}
