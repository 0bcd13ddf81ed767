import type { ControlScoreRecord, GapRecord } from '@aims/catalogue';
import type { JiraTicketsConfig } from '@aims/config';
import { redactSecrets } from '@aims/connector-sdk';
import { isAimsError } from '@aims/core';
import { HttpException, type Version3Models } from 'jira.js';
import type { AccountResolver } from './assignees.js';
import { type CitedEvidence, closingComment } from './closing.js';
import type { TicketContent } from './content.js';
import { TicketSyncError } from './errors.js';
import type { JiraGateway } from './jira-gateway.js';
import { type JiraMetadata, shapeValue } from './metadata.js';
import type { GapPlan } from './plan.js';
import type { TicketState } from './read-back.js';

/** Jira's limit of issues per bulk create. */
export const BULK_CREATE_LIMIT = 50;

export interface WriteContext {
  gateway: JiraGateway;
  jira: JiraTicketsConfig;
  metadata: JiraMetadata;
  accounts: AccountResolver;
  /** Current scores of the controls whose gaps close in this run. */
  scores: ReadonlyMap<string, ControlScoreRecord>;
}

/** How one gap's write went. */
export type WriteResult =
  | { ok: true; gap: GapRecord; fingerprint: string; ticket: TicketState; evidence?: CitedEvidence[] }
  | { ok: false; gap: GapRecord; issueKey?: string; operation: string; error: unknown };

type CreatePlan = Extract<GapPlan, { action: 'create' }>;
type EditPlan = Extract<GapPlan, { action: 'edit' }>;
type ClosePlan = Extract<GapPlan, { action: 'close' }>;

function mappedFields(ctx: WriteContext, content: TicketContent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, mapped] of Object.entries(content.fields))
    out[id] = shapeValue(mapped, ctx.metadata.fields.get(id));
  return out;
}

/** A bulk create refused as a whole answers 400 with per-element errors: read them as a result. */
function bulkRefusal(error: unknown): Version3Models.CreatedIssues | undefined {
  if (!(error instanceof HttpException) || error.status !== 400) return undefined;
  const data = (error.response as { data?: { errors?: unknown } } | undefined)?.data;
  return Array.isArray(data?.errors)
    ? { issues: [], errors: data.errors as Version3Models.BulkOperationErrorResult[] }
    : undefined;
}

function elementMessage(ctx: WriteContext, failure: Version3Models.BulkOperationErrorResult): string {
  const parts = [...(failure.elementErrors?.errorMessages ?? [])];
  const errors = failure.elementErrors?.errors;
  if (errors !== null && typeof errors === 'object')
    for (const [field, message] of Object.entries(errors)) parts.push(`${field}: ${String(message)}`);
  const detail = redactSecrets(parts.join('; '), ctx.gateway.secrets);
  return `Jira refused to create the ticket (${failure.status ?? 400})${detail === '' ? '' : `: ${detail}`}`;
}

/** Creates the tickets of up to 50 open gaps with one bulk call; each gap succeeds or fails alone. */
export async function createTickets(ctx: WriteContext, plans: readonly CreatePlan[]): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const ready: Array<{ plan: CreatePlan; fields: Record<string, unknown> }> = [];
  for (const plan of plans) {
    try {
      const accountId = await ctx.accounts.resolve(plan.content.owner);
      const fields: Record<string, unknown> = {
        project: { key: ctx.jira.project },
        issuetype: { id: ctx.metadata.issueTypeId },
        summary: plan.content.summary,
        description: plan.content.description,
        labels: plan.content.labels,
        duedate: plan.content.duedate,
        ...mappedFields(ctx, plan.content),
      };
      if (accountId !== undefined) fields.assignee = { accountId };
      ready.push({ plan, fields });
    } catch (error) {
      results.push({ ok: false, gap: plan.gap, operation: 'assignee lookup', error });
    }
  }
  if (ready.length === 0) return results;
  let created: Version3Models.CreatedIssues;
  try {
    created = await ctx.gateway.write('ticket create', async (client) => {
      try {
        return await client.issues.createIssues({ issueUpdates: ready.map(({ fields }) => ({ fields })) });
      } catch (error) {
        const refusal = bulkRefusal(error);
        if (refusal) return refusal;
        throw error;
      }
    });
  } catch (error) {
    return [
      ...results,
      ...ready.map(({ plan }) => ({ ok: false as const, gap: plan.gap, operation: 'ticket create', error })),
    ];
  }
  const failed = new Map(
    (created.errors ?? []).map((failure) => [failure.failedElementNumber ?? -1, failure]),
  );
  // Jira lists the created issues in request order, leaving out the failed elements.
  const issues = [...(created.issues ?? [])];
  ready.forEach(({ plan }, index) => {
    const failure = failed.get(index);
    const issue = failure === undefined ? issues.shift() : undefined;
    if (issue === undefined) {
      const message =
        failure === undefined ? 'Jira did not return the created ticket' : elementMessage(ctx, failure);
      const error = new TicketSyncError('ticket_refused', message);
      results.push({ ok: false, gap: plan.gap, operation: 'ticket create', error });
      return;
    }
    const ticket: TicketState = { id: issue.id, key: issue.key };
    results.push({ ok: true, gap: plan.gap, fingerprint: plan.fingerprint, ticket });
  });
  return results;
}

/** Brings an open gap's ticket up to date; labels are added, never removed (people may add their own). */
export async function editTicket(ctx: WriteContext, plan: EditPlan): Promise<WriteResult> {
  const key = plan.ticket.key;
  let operation = 'assignee lookup';
  try {
    const accountId = await ctx.accounts.resolve(plan.content.owner);
    const fields: Record<string, unknown> = {
      summary: plan.content.summary,
      description: plan.content.description,
      duedate: plan.content.duedate,
      ...mappedFields(ctx, plan.content),
    };
    if (accountId !== undefined) fields.assignee = { accountId };
    operation = 'ticket edit';
    await ctx.gateway.write(
      operation,
      (client) =>
        client.issues.editIssue({
          issueIdOrKey: key,
          fields,
          update: { labels: plan.content.labels.map((label) => ({ add: label })) },
        }),
      true,
    );
    const ticket: TicketState = { ...plan.ticket };
    if (accountId !== undefined && accountId !== ticket.assigneeAccountId) {
      ticket.assigneeAccountId = accountId;
      if (plan.content.owner?.name !== undefined) ticket.assigneeName = plan.content.owner.name;
    }
    return { ok: true, gap: plan.gap, fingerprint: plan.fingerprint, ticket };
  } catch (error) {
    return { ok: false, gap: plan.gap, issueKey: key, operation, error };
  }
}

function doneTransition(
  jira: JiraTicketsConfig,
  ticket: TicketState,
  transitions: readonly Version3Models.IssueTransition[],
): Version3Models.IssueTransition & { id: string } {
  const wanted = jira.doneTransition?.toLowerCase();
  const chosen = transitions.find((transition) =>
    wanted === undefined
      ? transition.to?.statusCategory?.key === 'done'
      : transition.name?.toLowerCase() === wanted,
  );
  if (chosen?.id !== undefined) return { ...chosen, id: chosen.id };
  const available = transitions.map((transition) => transition.name ?? transition.id).join(', ') || 'none';
  const what =
    wanted === undefined
      ? 'no transition into the done status category'
      : `no transition named "${jira.doneTransition}"`;
  throw new TicketSyncError(
    'transition_unavailable',
    `${what} from status "${ticket.status ?? 'unknown'}" of ${ticket.key} (available: ${available}); set tickets.jira.doneTransition to one of them`,
  );
}

/** Moves a closed gap's ticket to done (unless it is already) and comments with the closing evidence. */
export async function closeTicket(ctx: WriteContext, plan: ClosePlan): Promise<WriteResult> {
  const key = plan.ticket.key;
  const ticket: TicketState = { ...plan.ticket };
  let operation = 'transition list';
  try {
    if (plan.transition) {
      const { transitions = [] } = await ctx.gateway.read(operation, (client) =>
        client.issues.getTransitions({ issueIdOrKey: key }),
      );
      operation = 'ticket transition';
      const chosen = doneTransition(ctx.jira, plan.ticket, transitions);
      await ctx.gateway.write(operation, (client) =>
        client.issues.doTransition({ issueIdOrKey: key, transition: { id: chosen.id } }),
      );
      if (chosen.to?.name !== undefined) ticket.status = chosen.to.name;
      ticket.statusCategory = chosen.to?.statusCategory?.key ?? 'done';
    }
    const comment = closingComment(plan.gap, ctx.scores.get(plan.gap.controlId));
    operation = 'ticket comment';
    await ctx.gateway.write(operation, (client) =>
      client.issueComments.addComment({ issueIdOrKey: key, comment: comment.body }),
    );
    return { ok: true, gap: plan.gap, fingerprint: plan.fingerprint, ticket, evidence: comment.evidence };
  } catch (error) {
    return { ok: false, gap: plan.gap, issueKey: key, operation, error };
  }
}

/** The code, message and retriable flag of a failure, with secrets removed. */
export function describeFailure(
  error: unknown,
  secrets: readonly string[],
): { code: string; message: string; retriable: boolean } {
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  if (isAimsError(error)) return { code: error.code, message, retriable: error.retriable };
  return { code: 'internal', message, retriable: false };
}
