import type { ControlScoreRecord, GapRecord, GapTicketRecord } from '@aims/catalogue';
import type { JiraTicketsConfig } from '@aims/config';
import { closingEvidence } from './closing.js';
import type { GapSyncAction, GapSyncOutcome } from './options.js';
import { flagOf, type GapPlan } from './plan.js';
import type { TicketState } from './read-back.js';
import type { WriteResult } from './writes.js';

/** The link a gap keeps to its ticket after a run: what was written and what was read back. */
export function linkOf(
  gap: GapRecord,
  jira: Pick<JiraTicketsConfig, 'baseUrl'>,
  ticket: TicketState,
  fingerprint: string,
  at: string,
): GapTicketRecord {
  const record: GapTicketRecord = {
    workspace: gap.workspace,
    gapId: gap.id,
    system: 'jira',
    issueKey: ticket.key,
    url: `${jira.baseUrl}/browse/${ticket.key}`,
    fingerprint,
    lastSyncedAt: at,
  };
  if (ticket.status !== undefined) record.status = ticket.status;
  if (ticket.statusCategory !== undefined) record.statusCategory = ticket.statusCategory;
  if (ticket.assigneeName !== undefined) record.assigneeName = ticket.assigneeName;
  if (ticket.assigneeAccountId !== undefined) record.assigneeAccountId = ticket.assigneeAccountId;
  const flag = flagOf(gap, ticket);
  if (flag !== undefined) record.flag = flag;
  return record;
}

const WRITTEN: Record<'create' | 'edit' | 'close', GapSyncAction> = {
  create: 'created',
  edit: 'updated',
  close: 'closed',
};

function outcomeOf(gap: GapRecord, action: GapSyncAction, link: GapTicketRecord | undefined): GapSyncOutcome {
  const outcome: GapSyncOutcome = { gapId: gap.id, controlId: gap.controlId, action };
  if (link !== undefined) outcome.issueKey = link.issueKey;
  if (link?.flag !== undefined) outcome.flag = link.flag;
  return outcome;
}

/**
 * What a run stores and reports per gap: the new link of every gap written or read back, and an
 * outcome for every gap that has or needs a ticket. A failed gap keeps its previous link.
 */
export function settle(
  plans: readonly GapPlan[],
  results: ReadonlyMap<string, WriteResult>,
  failed: ReadonlySet<string>,
  links: ReadonlyMap<string, GapTicketRecord>,
  jira: Pick<JiraTicketsConfig, 'baseUrl'>,
  at: string,
): { stored: GapTicketRecord[]; outcomes: GapSyncOutcome[] } {
  const stored: GapTicketRecord[] = [];
  const outcomes: GapSyncOutcome[] = [];
  for (const plan of plans) {
    const { gap } = plan;
    const link = links.get(gap.id);
    const result = results.get(gap.id);
    if (failed.has(gap.id) || (result !== undefined && !result.ok)) {
      const outcome = outcomeOf(gap, 'failed', undefined);
      const key = result !== undefined && !result.ok ? (result.issueKey ?? link?.issueKey) : link?.issueKey;
      if (key !== undefined) outcome.issueKey = key;
      outcomes.push(outcome);
      continue;
    }
    if (result?.ok && plan.action !== 'none' && plan.action !== 'verify') {
      const next = linkOf(gap, jira, result.ticket, result.fingerprint, at);
      stored.push(next);
      const outcome = outcomeOf(gap, WRITTEN[plan.action], next);
      if (result.evidence !== undefined) outcome.evidence = result.evidence;
      outcomes.push(outcome);
      continue;
    }
    if (plan.action !== 'none' || link === undefined) continue;
    const next =
      plan.ticket === undefined
        ? { ...link, lastSyncedAt: at, ...(plan.flag === undefined ? {} : { flag: plan.flag }) }
        : linkOf(gap, jira, plan.ticket, link.fingerprint, at);
    stored.push(next);
    outcomes.push(outcomeOf(gap, 'unchanged', next));
  }
  return { stored, outcomes };
}

/**
 * What a dry run reports per gap: the write each plan would make (`created` for a create, and so
 * on, with the evidence a closing comment would cite), `unchanged` with the read-back for a gap
 * with a ticket and nothing to write, `failed` for a gap whose ticket could not even be read.
 */
export function plannedOutcomes(
  plans: readonly GapPlan[],
  failed: ReadonlySet<string>,
  links: ReadonlyMap<string, GapTicketRecord>,
  scores: ReadonlyMap<string, ControlScoreRecord>,
): GapSyncOutcome[] {
  const outcomes: GapSyncOutcome[] = [];
  for (const plan of plans) {
    const { gap } = plan;
    const link = links.get(gap.id);
    const outcome = outcomeOf(gap, 'unchanged', undefined);
    if (failed.has(gap.id)) outcome.action = 'failed';
    else if (plan.action === 'create' || plan.action === 'edit' || plan.action === 'close') {
      outcome.action = WRITTEN[plan.action];
      if (plan.action === 'close') outcome.evidence = closingEvidence(scores.get(gap.controlId));
    } else if (plan.action === 'none') {
      if (link === undefined && plan.ticket === undefined) continue;
      const flag = plan.flag ?? flagOf(gap, plan.ticket);
      if (flag !== undefined) outcome.flag = flag;
    } else continue;
    const key =
      plan.action === 'create' || plan.action === 'verify'
        ? link?.issueKey
        : (plan.ticket?.key ?? link?.issueKey);
    if (key !== undefined) outcome.issueKey = key;
    outcomes.push(outcome);
  }
  return outcomes;
}
