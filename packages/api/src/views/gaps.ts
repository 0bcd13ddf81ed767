import type { GapRecord, GapTicketRecord } from '@aims/catalogue';
import type { ApiSchema } from '@aims/core';
import type { GapDetail } from '@aims/scoring';
import { stringify } from 'csv-stringify/sync';
import type { OwnerInfo } from '../options.js';

type ApiGap = ApiSchema<'Gap'>;

const PRIORITY_RANK = { high: 1, medium: 2, low: 3 } as const;

function reasonOf(requirement: GapDetail['missing'][number]): ApiSchema<'GapRequirement'>['reason'] {
  if (requirement.presentCount === 0) return 'missing';
  if (requirement.freshCount === 0) return 'stale';
  return 'insufficient';
}

/** The person behind a role, or an unassigned owner when the workspace maps nobody to it. */
export function ownerOf(
  role: string,
  owners: Readonly<Record<string, OwnerInfo>> | undefined,
): ApiSchema<'GapOwner'> {
  const person = owners?.[role];
  if (!person) return { role, assigned: false };
  const owner: ApiSchema<'GapOwner'> = { role, assigned: true, name: person.name };
  if (person.email !== undefined) owner.email = person.email;
  return owner;
}

/** A stored gap as the API presents it; `overdue` is judged at `now`. */
export function apiGap(
  gap: GapRecord,
  owners: Readonly<Record<string, OwnerInfo>> | undefined,
  now: Date,
): ApiGap {
  const detail = gap.detail as GapDetail;
  const view: ApiGap = {
    id: gap.id,
    state: gap.state,
    reason: gap.reason,
    controlId: gap.controlId,
    title: detail.title,
    status: detail.status,
    priority: PRIORITY_RANK[gap.priority],
    weight: detail.priorityScore,
    riskTags: [...detail.tags],
    ownerRole: gap.ownerRole,
    owner: ownerOf(gap.ownerRole, owners),
    openedAt: gap.openedAt,
    dueAt: gap.dueAt,
    overdue: gap.state === 'open' && Date.parse(gap.dueAt) < now.getTime(),
    missing: detail.missing.map((requirement) => ({
      requirementId: requirement.requirementId,
      description: requirement.description,
      reason: reasonOf(requirement),
      ownerRole: requirement.ownerRole,
    })),
  };
  if (gap.aiSystem !== undefined) view.aiSystem = gap.aiSystem;
  if (gap.closedAt !== undefined) view.closedAt = gap.closedAt;
  if (detail.expiring) {
    view.expiring = {
      at: detail.expiring.at,
      evidence: detail.expiring.evidence.map((ref) => {
        const out: ApiSchema<'EvidenceRef'> = {
          key: ref.key,
          version: ref.version,
          kind: ref.kind as ApiSchema<'EvidenceRef'>['kind'],
          effectiveAt: ref.effectiveAt,
        };
        if (ref.expiresAt !== undefined) out.expiresAt = ref.expiresAt;
        return out;
      }),
    };
  }
  return view;
}

/** Most urgent first: priority, then the earliest due date, then control id. */
export function compareGaps(a: ApiGap, b: ApiGap): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0;
}

/** A gap ticket as the API shows it on its gap. */
export function ticketView(record: GapTicketRecord): ApiSchema<'GapTicket'> {
  const ticket: ApiSchema<'GapTicket'> = { system: record.system, key: record.issueKey, url: record.url };
  if (record.status !== undefined) ticket.status = record.status;
  if (record.assigneeName !== undefined) ticket.assignee = record.assigneeName;
  if (record.flag !== undefined) ticket.flag = record.flag;
  return ticket;
}

/**
 * Stored gaps as the API presents them, each with its ticket when it has one, most urgent first.
 * `keep` picks the gaps of one view (the workspace's own or one AI system's) and any filters.
 */
export function gapViews(
  stored: readonly GapRecord[],
  tickets: readonly GapTicketRecord[],
  owners: Readonly<Record<string, OwnerInfo>> | undefined,
  now: Date,
  keep: (gap: ApiGap) => boolean = () => true,
): ApiGap[] {
  const ticketOf = new Map(tickets.map((ticket) => [ticket.gapId, ticket]));
  return stored
    .map((gap) => {
      const view = apiGap(gap, owners, now);
      const ticket = ticketOf.get(gap.id);
      if (ticket !== undefined) view.ticket = ticketView(ticket);
      return view;
    })
    .filter(keep)
    .sort(compareGaps);
}

const CSV_COLUMNS = [
  'id',
  'state',
  'reason',
  'priority',
  'control_id',
  'title',
  'status',
  'ai_system',
  'owner_role',
  'owner_name',
  'owner_email',
  'opened_at',
  'due_at',
  'overdue',
  'closed_at',
  'missing_requirements',
  'ticket_key',
  'ticket_url',
  'ticket_status',
  'ticket_assignee',
  'ticket_flag',
] as const;

/** The gaps as RFC 4180 CSV, one row each: the gap's own columns, then its ticket's. */
export function gapsToCsv(gaps: readonly ApiGap[]): string {
  const rows = gaps.map((gap) => [
    gap.id,
    gap.state,
    gap.reason,
    gap.priority,
    gap.controlId,
    gap.title,
    gap.status,
    gap.aiSystem ?? '',
    gap.ownerRole,
    gap.owner.name ?? '',
    gap.owner.email ?? '',
    gap.openedAt,
    gap.dueAt,
    gap.overdue,
    gap.closedAt ?? '',
    gap.missing.map((requirement) => requirement.requirementId).join('; '),
    gap.ticket?.key ?? '',
    gap.ticket?.url ?? '',
    gap.ticket?.status ?? '',
    gap.ticket?.assignee ?? '',
    gap.ticket?.flag ?? '',
  ]);
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'unix' });
}
