import { describe, expect, it } from 'vitest';
import { jiraConfigSchema } from '../src/config.js';
import { issuesJql, jqlDate } from '../src/jql.js';
import { isoTime, issueToDraft, latestApproval, parseHistories, parseIssue } from '../src/normalise.js';
import { clone, fixtures } from './fixtures.js';

const config = jiraConfigSchema.parse({
  host: 'https://acme.atlassian.net/',
  auth: { type: 'basic', email: 'bot@acme.example', apiToken: 'atlassian-token-123456' },
  projects: [{ key: 'AIMS' }],
  approvalStatuses: ['Approved'],
});

function issueAt(page: { issues: unknown[] }, index: number) {
  return parseIssue(page.issues[index], 'test');
}

describe('issueToDraft', () => {
  it('maps an approved impact assessment with approver and time from the changelog', () => {
    const draft = issueToDraft(issueAt(fixtures.searchPage1, 0), config);
    expect(draft).toEqual({
      externalId: 'issue:10001',
      kind: 'ticket.impact-assessment',
      sourceRevision: '2026-11-10T09:30:00.000Z',
      title: 'AIMS-1 Impact assessment: credit scoring model',
      url: 'https://acme.atlassian.net/browse/AIMS-1',
      owner: 'alice@acme.example',
      effectiveAt: '2026-11-10T09:30:00.000Z',
      aiSystems: ['credit-scoring'],
      attributes: {
        project: 'AIMS',
        issueKey: 'AIMS-1',
        issueType: 'AI Impact Assessment',
        status: 'Approved',
        statusCategory: 'indeterminate',
        resolved: false,
        resolution: null,
        completed: false,
        resolutionDate: null,
        dueDate: null,
        createdAt: '2026-11-01T08:00:00.000Z',
        assignee: 'alice@acme.example',
        reporter: 'Bob Builder',
        approved: true,
        approvedBy: 'carol@acme.example',
        approvedAt: '2026-11-10T09:30:00.000Z',
        labels: ['ai-system:credit-scoring', 'aims'],
        priority: 'High',
      },
      content: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        mediaType: 'application/json',
        size: expect.any(Number),
      },
      body: expect.any(Uint8Array),
    });
  });

  it('maps an open risk as not approved, without owner when unassigned fields are null', () => {
    const draft = issueToDraft(issueAt(fixtures.searchPage1, 1), config);
    expect(draft?.kind).toBe('ticket.risk');
    expect(draft?.attributes).toMatchObject({
      approved: false,
      approvedBy: null,
      approvedAt: null,
      priority: 'Highest',
    });
    expect(draft?.effectiveAt).toBe('2026-11-02T08:00:00.000Z');
  });

  it('maps a resolved incident with resolution date and no assignee', () => {
    const draft = issueToDraft(issueAt(fixtures.searchPage2, 0), config);
    expect(draft?.kind).toBe('ticket.incident');
    expect(draft?.owner).toBeUndefined();
    expect(draft?.attributes).toMatchObject({
      resolved: true,
      resolution: 'Done',
      resolutionDate: '2026-11-12T16:45:00.000Z',
      statusCategory: 'done',
      assignee: null,
      approved: false,
      completed: true,
      dueDate: '2026-11-14',
      createdAt: '2026-11-03T08:00:00.000Z',
    });
    expect(draft?.effectiveAt).toBe('2026-11-12T16:45:00.000Z');
  });

  it("tells a completed resolution from Won't Do, by configurable names", () => {
    const declined = clone(fixtures.searchPage2);
    const fields = declined.issues[0]?.fields as { resolution: { name: string } };
    fields.resolution.name = "Won't Do";
    expect(issueToDraft(issueAt(declined, 0), config)?.attributes).toMatchObject({
      resolved: true,
      resolution: "Won't Do",
      completed: false,
    });
    const lenient = jiraConfigSchema.parse({
      ...config,
      auth: config.auth,
      completedResolutions: ["won't do"],
    });
    expect(issueToDraft(issueAt(declined, 0), lenient)?.attributes).toMatchObject({ completed: true });
    expect(issueToDraft(issueAt(fixtures.searchPage2, 0), lenient)?.attributes).toMatchObject({
      completed: false,
    });
  });

  it('refuses a due date that is not a date', () => {
    const broken = clone(fixtures.searchPage2);
    (broken.issues[0]?.fields as { duedate: string }).duedate = 'next Friday';
    expect(() => issueAt(broken, 0)).toThrow(
      /issue AIMS-3 is malformed \(fields\.duedate: a date such as 2026-12-15\)/,
    );
  });

  it('links issues on the site when the API host is the OAuth gateway', () => {
    const oauth = jiraConfigSchema.parse({
      host: 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789',
      siteUrl: 'https://acme.atlassian.net',
      auth: { type: 'bearer', token: 'oauth-access-token-abc' },
      projects: [{ key: 'AIMS' }],
    });
    expect(issueToDraft(issueAt(fixtures.searchPage1, 1), oauth)?.url).toBe(
      'https://acme.atlassian.net/browse/AIMS-2',
    );
    expect(() => jiraConfigSchema.parse({ ...oauth, timeZone: 'Mars/Olympus' })).toThrow(/IANA time zone/);
  });

  it('skips issue types that are not mapped', () => {
    expect(issueToDraft(issueAt(fixtures.searchPage2, 1), config)).toBeUndefined();
  });

  it('honours configured issue-type names case-insensitively', () => {
    const custom = jiraConfigSchema.parse({
      ...config,
      auth: config.auth,
      issueTypes: { STORY: 'ticket.corrective-action' },
    });
    expect(issueToDraft(issueAt(fixtures.searchPage2, 1), custom)?.kind).toBe('ticket.corrective-action');
  });

  it("reads a finding's grade, controls and audit, and a corrective action's finding and closure, from labels", () => {
    const asFinding = jiraConfigSchema.parse({
      ...config,
      auth: config.auth,
      issueTypes: { STORY: 'ticket.audit-finding' },
    });
    const issue = issueAt(fixtures.searchPage2, 1);
    const labelled = {
      ...issue,
      fields: { ...issue.fields, labels: ['grade:major', 'control:A.2.2', 'clause:9.2', 'audit:IA-7'] },
    };
    expect(issueToDraft(labelled, asFinding)?.attributes).toMatchObject({
      findingId: issue.key,
      grade: 'major_nonconformity',
      controls: ['A.2.2', '9.2'],
      auditId: 'IA-7',
    });
    const asAction = jiraConfigSchema.parse({
      ...config,
      auth: config.auth,
      issueTypes: { STORY: 'ticket.corrective-action' },
    });
    const action = {
      ...issue,
      fields: {
        ...issue.fields,
        labels: ['finding:AIMS-3', 'closure:acme/docs/file:docs/comms.md@2', 'closure:nonsense'],
      },
    };
    expect(issueToDraft(action, asAction)?.attributes).toMatchObject({
      actionId: issue.key,
      findingId: 'AIMS-3',
      closureEvidence: [{ artifactKey: 'acme/docs/file:docs/comms.md', version: 2 }],
    });
  });

  it('keeps an approval once the issue is done, using the latest transition from the full changelog', () => {
    const issue = issueAt(fixtures.searchIncremental, 1);
    const histories = parseHistories(fixtures.changelogAims5.values, 'AIMS-5');
    const draft = issueToDraft(issue, config, histories);
    expect(draft?.kind).toBe('ticket.supplier-review');
    expect(draft?.attributes).toMatchObject({
      approved: true,
      approvedBy: 'carol@acme.example',
      approvedAt: '2026-11-20T11:00:00.000Z',
    });
  });
});

describe('latestApproval', () => {
  it('ignores transitions into statuses that are not approval statuses', () => {
    const histories = parseHistories(fixtures.changelogAims5.values.slice(0, 1), 'AIMS-5');
    expect(latestApproval(histories, ['approved'])).toBeUndefined();
  });
});

describe('parseIssue', () => {
  it('names the issue and the missing field of a malformed payload', () => {
    expect(() => parseIssue(fixtures.searchMalformed.issues[0], 'project RISK search')).toThrow(
      expect.objectContaining({
        code: 'malformed_payload',
        message: expect.stringMatching(/RISK-1.*fields\.status/),
      }),
    );
  });

  it('rejects an unknown status category', () => {
    const payload = clone(fixtures.searchPage1.issues[0]) as {
      fields: { status: { statusCategory: { key: string } } };
    };
    payload.fields.status.statusCategory.key = 'blue';
    expect(() => parseIssue(payload, 'test')).toThrow(/statusCategory/);
  });
});

describe('time and JQL', () => {
  it('reads Jira offsets without a colon', () => {
    expect(isoTime('2026-11-20T09:15:00.000+0200')).toBe('2026-11-20T07:15:00.000Z');
    expect(() => isoTime('yesterday')).toThrow(/cannot be read/);
  });

  it('formats JQL dates in the account time zone and quotes values', () => {
    const at = new Date('2026-11-20T23:59:30Z');
    expect(jqlDate(at, 'UTC')).toBe('2026-11-20 23:59');
    expect(jqlDate(at, 'Europe/Berlin')).toBe('2026-11-21 00:59');
    expect(
      issuesJql({ projectKey: 'AIMS', extraJql: 'component = "AI"', updatedSince: at, timeZone: 'UTC' }),
    ).toBe(
      'project = "AIMS" AND (component = "AI") AND updated >= "2026-11-20 23:59" ORDER BY updated ASC, key ASC',
    );
  });
});
