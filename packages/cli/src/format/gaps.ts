import type { GapRecord, GapTicketRecord } from '@aims/catalogue';
import type { OwnerConfig } from '@aims/config';
import type { ApiSchema } from '@aims/core';
import type { GapDetail } from '@aims/scoring';
import { stringify } from 'csv-stringify/sync';
import { clip, table } from './table.js';

export type GapView = ApiSchema<'Gap'>;

const RANK = { high: 1, medium: 2, low: 3 } as const;
const PRIORITY_NAME: Record<number, string> = { 1: 'high', 2: 'medium', 3: 'low' };

function reasonOf(requirement: GapDetail['missing'][number]): ApiSchema<'GapRequirement'>['reason'] {
  if (requirement.presentCount === 0) return 'missing';
  if (requirement.freshCount === 0) return 'stale';
  return 'insufficient';
}

/**
 * A stored gap as the evidence API presents it (the contract's Gap), with the person the config
 * maps its owner role to; `overdue` is judged at `now`. Mirrors @aims/api's view of a gap, so
 * the local and the API modes print the same thing.
 */
export function gapView(gap: GapRecord, owners: Readonly<Record<string, OwnerConfig>>, now: Date): GapView {
  const detail = gap.detail as GapDetail;
  const person = owners[gap.ownerRole];
  const owner: ApiSchema<'GapOwner'> = person
    ? {
        role: gap.ownerRole,
        assigned: true,
        name: person.name,
        ...(person.email ? { email: person.email } : {}),
      }
    : { role: gap.ownerRole, assigned: false };
  const view: GapView = {
    id: gap.id,
    state: gap.state,
    reason: gap.reason,
    controlId: gap.controlId,
    title: detail.title,
    status: detail.status,
    priority: RANK[gap.priority],
    weight: detail.priorityScore,
    riskTags: [...detail.tags],
    ownerRole: gap.ownerRole,
    owner,
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
  if (gap.closedAt !== undefined) view.closedAt = gap.closedAt;
  if (detail.expiring) {
    view.expiring = {
      at: detail.expiring.at,
      evidence: detail.expiring.evidence.map((ref) => ({
        key: ref.key,
        version: ref.version,
        kind: ref.kind as ApiSchema<'EvidenceRef'>['kind'],
        effectiveAt: ref.effectiveAt,
        ...(ref.expiresAt === undefined ? {} : { expiresAt: ref.expiresAt }),
      })),
    };
  }
  return view;
}

/** Most urgent first: priority, then the earliest due date, then control id. */
export function compareGaps(a: GapView, b: GapView): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0;
}

/** A gap ticket as the API shows it on its gap. */
function ticketView(record: GapTicketRecord): ApiSchema<'GapTicket'> {
  const ticket: ApiSchema<'GapTicket'> = { system: record.system, key: record.issueKey, url: record.url };
  if (record.status !== undefined) ticket.status = record.status;
  if (record.assigneeName !== undefined) ticket.assignee = record.assigneeName;
  if (record.flag !== undefined) ticket.flag = record.flag;
  return ticket;
}

/** The workspace's own open gaps (not an AI system's view), most urgent first, with their tickets. */
export function openWorkspaceGaps(
  stored: readonly GapRecord[],
  tickets: readonly GapTicketRecord[],
  owners: Readonly<Record<string, OwnerConfig>>,
  now: Date,
): GapView[] {
  const ticketOf = new Map(tickets.map((ticket) => [ticket.gapId, ticket]));
  return stored
    .filter((gap) => gap.state === 'open' && gap.aiSystem === undefined)
    .map((gap) => {
      const view = gapView(gap, owners, now);
      const ticket = ticketOf.get(gap.id);
      if (ticket !== undefined) view.ticket = ticketView(ticket);
      return view;
    })
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

/** The columns of the API's `text/csv` gap report: the gap's own, then its ticket's. */
export function gapsCsv(gaps: readonly GapView[]): string {
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

const ownerText = (owner: GapView['owner']) =>
  owner.assigned && owner.name ? `${owner.name} (${owner.role})` : `unassigned (${owner.role})`;

/** One line per gap, aligned, with a count by priority; a TICKET column when a gap has one. */
export function gapsTable(gaps: readonly GapView[]): string {
  if (gaps.length === 0) return 'No open gaps.\n';
  const tickets = gaps.some((gap) => gap.ticket !== undefined);
  const rows = gaps.map((gap) => [
    PRIORITY_NAME[gap.priority] ?? String(gap.priority),
    gap.controlId,
    clip(gap.title, 40),
    gap.reason === 'expiring' ? 'expiring' : gap.status.replaceAll('_', ' '),
    ownerText(gap.owner),
    `${gap.dueAt.slice(0, 10)}${gap.overdue ? ' overdue' : ''}`,
    ...(tickets
      ? [gap.ticket ? `${gap.ticket.key}${gap.ticket.status ? ` (${gap.ticket.status})` : ''}` : '-']
      : []),
    gap.missing.map((requirement) => requirement.requirementId).join(', '),
  ]);
  const count = (priority: number) => gaps.filter((gap) => gap.priority === priority).length;
  const overdue = gaps.filter((gap) => gap.overdue).length;
  const footer = `${gaps.length} open gap${gaps.length === 1 ? '' : 's'}: ${count(1)} high, ${count(2)} medium, ${count(3)} low; ${overdue} overdue`;
  const header = [
    'PRIORITY',
    'CONTROL',
    'TITLE',
    'STATUS',
    'OWNER',
    'DUE',
    ...(tickets ? ['TICKET'] : []),
    'MISSING',
  ];
  return `${table(header, rows)}${footer}\n`;
}
