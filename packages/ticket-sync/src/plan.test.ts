import type { GapRecord, GapTicketRecord } from '@aims/catalogue';
import { parseWorkspaceConfig } from '@aims/config';
import { describe, expect, it } from 'vitest';
import { closedFingerprint, openFingerprint, ticketContent } from './content.js';
import { planGap } from './plan.js';

const config = parseWorkspaceConfig(
  'workspace: acme\ntickets:\n  jira: { baseUrl: "https://x.atlassian.net", emailEnv: E, apiTokenEnv: T, project: GOV }\n',
  'aims.yaml',
);
const jira = config.tickets?.jira;
if (jira === undefined) throw new Error('the test config has a tickets.jira section');

const gap: GapRecord = {
  id: 'A.2.2-0123456789',
  workspace: 'acme',
  controlId: 'A.2.2',
  state: 'open',
  reason: 'not_compliant',
  priority: 'high',
  ownerRole: 'ai-governance-lead',
  openedAt: '2026-11-01T00:00:00.000Z',
  dueAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  detail: {
    title: 'AI policy',
    objectiveId: 'A.2',
    status: 'not_compliant',
    coverage: 0,
    tags: [],
    priorityScore: 5,
    missing: [],
  },
};
const written = openFingerprint(ticketContent(gap, jira, {}), jira);
const link: GapTicketRecord = {
  workspace: 'acme',
  gapId: gap.id,
  system: 'jira',
  issueKey: 'GOV-1',
  url: 'https://x.atlassian.net/browse/GOV-1',
  fingerprint: written,
  lastSyncedAt: '2026-11-01T00:00:00.000Z',
};
const ticket = { id: '1', key: 'GOV-1', status: 'To Do', statusCategory: 'new' };
const plan = (over: Partial<Parameters<typeof planGap>[0]>) =>
  planGap({ gap, link, found: [ticket], jira, owners: {}, ...over }).action;

describe('planGap', () => {
  it('writes only what differs from what was last written', () => {
    expect(plan({ link: undefined, found: undefined })).toBe('create');
    expect(plan({})).toBe('none');
    expect(plan({ link: { ...link, fingerprint: 'old' } })).toBe('edit');
    expect(plan({ link: undefined })).toBe('edit');
    expect(plan({ found: undefined })).toBe('verify');
    expect(plan({ found: undefined, gone: true })).toBe('create');
  });

  it('closes a closed gap’s ticket once, transitioning only when it is not done yet', () => {
    const closed = { ...gap, state: 'closed' as const, closedAt: '2026-11-05T00:00:00.000Z' };
    const done = { ...ticket, statusCategory: 'done' };
    expect(planGap({ gap: closed, link, found: [ticket], jira, owners: {} })).toMatchObject({
      action: 'close',
      transition: true,
    });
    expect(planGap({ gap: closed, link, found: [done], jira, owners: {} })).toMatchObject({
      action: 'close',
      transition: false,
    });
    const after = { ...link, fingerprint: closedFingerprint(closed) };
    expect(plan({ gap: closed, link: after, found: [done] })).toBe('none');
    expect(plan({ gap: closed, link: after, found: undefined })).toBe('none');
    expect(plan({ gap: closed, link: undefined, found: undefined })).toBe('none');
    expect(planGap({ gap: closed, link, found: undefined, gone: true, jira, owners: {} })).toMatchObject({
      action: 'none',
      flag: 'ticket_missing',
    });
  });

  it('prefers the linked ticket when a gap has two', () => {
    const older = { id: '0', key: 'GOV-0' };
    expect(planGap({ gap, link, found: [older, ticket], jira, owners: {} }).action).toBe('none');
  });
});
