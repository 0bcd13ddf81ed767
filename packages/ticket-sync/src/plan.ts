import type { GapRecord, GapTicketFlag, GapTicketRecord } from '@aims/catalogue';
import type { JiraTicketsConfig, OwnerConfig } from '@aims/config';
import { closedFingerprint, openFingerprint, type TicketContent, ticketContent } from './content.js';
import type { TicketState } from './read-back.js';

/** What one gap needs from Jira in this run. */
export type GapPlan =
  /** An open gap without a ticket. */
  | { action: 'create'; gap: GapRecord; content: TicketContent; fingerprint: string }
  /** An open gap whose ticket says something else than the gap now does (or was never written by us). */
  | { action: 'edit'; gap: GapRecord; content: TicketContent; fingerprint: string; ticket: TicketState }
  /** A closed gap whose ticket has not been closed by the sync yet. */
  | { action: 'close'; gap: GapRecord; fingerprint: string; ticket: TicketState; transition: boolean }
  /** A linked ticket the search did not return: read it by key, then plan again. */
  | { action: 'verify'; gap: GapRecord; link: GapTicketRecord }
  /** Nothing to write; the read-back (if any) is still recorded. */
  | { action: 'none'; gap: GapRecord; ticket?: TicketState; flag?: GapTicketFlag };

export interface PlanInput {
  gap: GapRecord;
  link: GapTicketRecord | undefined;
  /** Tickets the search found for the gap, oldest first. */
  found: readonly TicketState[] | undefined;
  jira: JiraTicketsConfig;
  owners: Readonly<Record<string, OwnerConfig>>;
  /** Set after a verify: the search missed the linked ticket and reading it by key found nothing. */
  gone?: boolean;
}

/** The ticket that stands for the gap: the linked one when found, else the oldest. */
function ticketOf(input: PlanInput): TicketState | undefined {
  const found = input.found ?? [];
  return found.find((ticket) => ticket.key === input.link?.issueKey) ?? found[0];
}

/** Decides what a gap needs, comparing fingerprints only: no per-issue reads. */
export function planGap(input: PlanInput): GapPlan {
  const { gap, link } = input;
  const ticket = ticketOf(input);
  const linked = link !== undefined && !input.gone;
  if (gap.state === 'open') {
    const content = ticketContent(gap, input.jira, input.owners);
    const fingerprint = openFingerprint(content, input.jira);
    if (ticket === undefined)
      return linked ? { action: 'verify', gap, link } : { action: 'create', gap, content, fingerprint };
    if (link?.issueKey === ticket.key && link.fingerprint === fingerprint)
      return { action: 'none', gap, ticket };
    return { action: 'edit', gap, content, fingerprint, ticket };
  }
  const fingerprint = closedFingerprint(gap);
  if (ticket === undefined) {
    if (input.gone) return { action: 'none', gap, flag: 'ticket_missing' };
    if (!linked || link.fingerprint === fingerprint || link.flag === 'ticket_missing')
      return { action: 'none', gap };
    return { action: 'verify', gap, link };
  }
  if (link?.issueKey === ticket.key && link.fingerprint === fingerprint)
    return { action: 'none', gap, ticket };
  return { action: 'close', gap, fingerprint, ticket, transition: ticket.statusCategory !== 'done' };
}

/** The flag a ticket's read-back earns: done in Jira while its gap is still open. */
export function flagOf(gap: GapRecord, ticket: TicketState | undefined): GapTicketFlag | undefined {
  return gap.state === 'open' && ticket?.statusCategory === 'done'
    ? 'ticket_closed_evidence_missing'
    : undefined;
}
