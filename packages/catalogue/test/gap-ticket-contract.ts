import { expect, it } from 'vitest';
import type { Catalogue, GapTicketRecord } from '../src/index.js';
import { actor, t } from './fixtures.js';

function ticket(gapId: string, issueKey: string, overrides: Partial<GapTicketRecord> = {}): GapTicketRecord {
  return {
    workspace: 'acme',
    gapId,
    system: 'jira',
    issueKey,
    url: `https://acme.atlassian.net/browse/${issueKey}`,
    fingerprint: 'a'.repeat(64),
    status: 'To Do',
    statusCategory: 'new',
    assigneeName: 'Priya Raman',
    assigneeAccountId: '5b10ac8d82e05b22cc7d4ef5',
    lastSyncedAt: t(1),
    ...overrides,
  };
}

/** Gap tickets: one per gap and system, read back as written, audited when they change. */
export function gapTicketContract(open: () => Promise<{ catalogue: Catalogue }>): void {
  it('keeps the ticket of each gap and audits links and changes, not re-checks', async () => {
    const { catalogue } = await open();
    const before = (await catalogue.listAudit()).length;
    const first = ticket('A.6.2.4-0123456789', 'GOV-1');
    const bare: GapTicketRecord = {
      workspace: 'acme',
      gapId: 'A.2.2-abcdefabcd',
      system: 'jira',
      issueKey: 'GOV-2',
      url: 'https://acme.atlassian.net/browse/GOV-2',
      fingerprint: 'b'.repeat(64),
      lastSyncedAt: t(1),
    };
    await catalogue.putGapTickets(
      [first, bare, ticket('A.5.2-0000000000', 'BETA-1', { workspace: 'beta' })],
      actor,
    );
    expect(await catalogue.listGapTickets('acme')).toEqual([bare, first]);
    expect(await catalogue.getGapTicket('acme', first.gapId)).toEqual(first);
    expect(await catalogue.getGapTicket('acme', first.gapId, 'jira')).toEqual(first);
    expect(await catalogue.getGapTicket('acme', 'A.9.9-none')).toBeUndefined();
    expect((await catalogue.listGapTickets('beta', { system: 'jira' })).map((r) => r.issueKey)).toEqual([
      'BETA-1',
    ]);

    // A re-check moves lastSyncedAt without an audit entry; a read-back change is audited.
    await catalogue.putGapTickets([{ ...first, lastSyncedAt: t(2) }], actor);
    expect((await catalogue.getGapTicket('acme', first.gapId))?.lastSyncedAt).toBe(t(2));
    const flagged: GapTicketRecord = {
      ...first,
      status: 'Done',
      statusCategory: 'done',
      flag: 'ticket_closed_evidence_missing',
      lastSyncedAt: t(3),
    };
    await catalogue.putGapTickets([flagged], actor);
    await catalogue.putGapTickets([flagged], actor);
    expect(await catalogue.getGapTicket('acme', first.gapId)).toEqual(flagged);

    // Clearing optional fields stores them as absent.
    const { flag: _flag, assigneeName: _name, assigneeAccountId: _id, ...cleared } = flagged;
    await catalogue.putGapTickets([{ ...cleared, lastSyncedAt: t(4) }], actor);
    expect(await catalogue.getGapTicket('acme', first.gapId)).toEqual({ ...cleared, lastSyncedAt: t(4) });

    const entries = (await catalogue.listAudit()).slice(before);
    expect(entries.map((e) => [e.action, e.subject])).toEqual([
      ['gap-ticket.linked', 'acme/gap/A.6.2.4-0123456789/ticket/jira'],
      ['gap-ticket.linked', 'acme/gap/A.2.2-abcdefabcd/ticket/jira'],
      ['gap-ticket.linked', 'beta/gap/A.5.2-0000000000/ticket/jira'],
      ['gap-ticket.updated', 'acme/gap/A.6.2.4-0123456789/ticket/jira'],
      ['gap-ticket.updated', 'acme/gap/A.6.2.4-0123456789/ticket/jira'],
    ]);
    expect((await catalogue.verifyAuditLog()).ok).toBe(true);
  });

  it('upserts thousands of tickets in one call', async () => {
    const { catalogue } = await open();
    const many = Array.from({ length: 2_500 }, (_, i) =>
      ticket(`A.6.2.${i}-${String(i).padStart(10, '0')}`, `GOV-${i + 1}`),
    );
    await catalogue.putGapTickets(many, actor);
    await catalogue.putGapTickets(
      many.map((r) => ({ ...r, lastSyncedAt: t(9) })),
      actor,
    );
    const stored = await catalogue.listGapTickets('acme');
    expect(stored).toHaveLength(2_500);
    expect(new Set(stored.map((r) => r.lastSyncedAt))).toEqual(new Set([t(9)]));
  });
}
