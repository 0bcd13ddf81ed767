import { gapViews } from '@aims/api';
import type { GapRecord, GapTicketRecord } from '@aims/catalogue';
import type { OwnerConfig } from '@aims/config';
import type { ApiSchema } from '@aims/core';
import { clip, table } from './table.js';

/** A gap as the evidence API presents it (the contract's Gap): the local and API modes print the same. */
export type GapView = ApiSchema<'Gap'>;

const PRIORITY_NAME: Record<number, string> = { 1: 'high', 2: 'medium', 3: 'low' };

/** The workspace's own open gaps (not an AI system's view), most urgent first, with their tickets. */
export function openWorkspaceGaps(
  stored: readonly GapRecord[],
  tickets: readonly GapTicketRecord[],
  owners: Readonly<Record<string, OwnerConfig>>,
  now: Date,
): GapView[] {
  return gapViews(stored, tickets, owners, now, (gap) => gap.state === 'open' && gap.aiSystem === undefined);
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
