import type { ControlScoreRecord } from '@aims/catalogue';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../src/adf.js';
import { FakeJira } from './fake-jira.js';
import { actor, compliantResult, gap, manyGaps, metRequirement, sync, users, workspace } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const bulkBodies = (jira: FakeJira) =>
  jira
    .writes()
    .filter((r) => r.path === '/rest/api/3/issue/bulk')
    .flatMap((r) => (r.body as { issueUpdates: Array<{ fields: Record<string, unknown> }> }).issueUpdates);

describe('syncGapsToJira: creating', () => {
  it('creates one ticket per open gap, assigned to its owner, due on its due date, labelled with its id', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps(
      [
        gap('A.6.2.4-0123456789'),
        gap('A.7.4-aaaaaaaaaa', {
          ownerRole: 'ml-lead',
          priority: 'medium',
          dueAt: '2027-01-31T00:00:00.000Z',
        }),
        gap('A.9.2-bbbbbbbbbb', { ownerRole: 'communications-lead', priority: 'low' }),
        gap('A.5.2-cccccccccc', { state: 'closed', closedAt: '2026-11-02T00:00:00.000Z' }),
      ],
      actor,
    );
    const result = await sync(ws);

    expect(result.counts).toMatchObject({ created: 3, failed: 0, unchanged: 0 });
    expect(result.failures).toEqual([]);
    const [first, second, third, ...rest] = bulkBodies(jira).map((update) => update.fields);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      project: { key: 'GOV' },
      issuetype: { id: '10001' },
      summary: 'AIMS gap A.6.2.4 Control A.6.2.4: not compliant',
      labels: ['aims-gap', 'aims-gap-A.6.2.4-0123456789'],
      duedate: '2026-12-15',
      assignee: { accountId: '5b10a2844c20165700ede21g' },
      priority: { name: 'Highest' },
      customfield_10042: 'A.6.2.4',
    });
    const description = plainText(first?.description as never);
    expect(description).toContain('Control A.6.2.4 Control A.6.2.4 is not compliant (coverage 25%)');
    expect(description).toContain('A.6.2.4/r1: A verification and validation report per AI system');
    expect(description).toContain('Gap A.6.2.4-0123456789');
    expect(JSON.stringify(first?.description)).toContain('https://aims.acme.example/v1/controls/A.6.2.4');
    // The configured account id is used as is; a role nobody holds leaves the ticket unassigned.
    expect(second).toMatchObject({
      assignee: { accountId: '712020:aisha' },
      duedate: '2027-01-31',
      priority: { name: 'Medium' },
    });
    expect(third).not.toHaveProperty('assignee');
    // The owner's account was looked up once, by email.
    expect(jira.requests.filter((r) => r.path === '/rest/api/3/user/search')).toHaveLength(1);

    const links = await ws.catalogue.listGapTickets('acme');
    expect(links.map((link) => [link.gapId, link.issueKey, link.url])).toEqual([
      ['A.6.2.4-0123456789', 'GOV-1', 'https://acme.atlassian.net/browse/GOV-1'],
      ['A.7.4-aaaaaaaaaa', 'GOV-2', 'https://acme.atlassian.net/browse/GOV-2'],
      ['A.9.2-bbbbbbbbbb', 'GOV-3', 'https://acme.atlassian.net/browse/GOV-3'],
    ]);
    expect(links.every((link) => /^[0-9a-f]{64}$/.test(link.fingerprint))).toBe(true);
  });
});

describe('syncGapsToJira: idempotence', () => {
  it('makes no write and one read per 100 tickets when nothing changed, and reads status and assignee back', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps(manyGaps(250), actor);
    const first = await sync(ws);
    expect(first.counts.created).toBe(250);
    expect(jira.writes().filter((r) => r.path === '/rest/api/3/issue/bulk')).toHaveLength(5);

    const mark = jira.requests.length;
    const second = await sync(ws);
    expect(jira.writes(mark)).toEqual([]);
    expect(jira.reads(mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'POST /rest/api/3/search/jql',
      'POST /rest/api/3/search/jql',
    ]);
    expect(second.requests).toMatchObject({ reads: 3, writes: 0 });
    expect(second.counts).toMatchObject({ unchanged: 250, created: 0, updated: 0 });
    const link = await ws.catalogue.getGapTicket('acme', manyGaps(1)[0]?.id ?? '');
    expect(link).toMatchObject({
      status: 'To Do',
      statusCategory: 'new',
      assigneeName: 'Priya Raman',
      assigneeAccountId: '5b10a2844c20165700ede21g',
    });
  });

  it('adopts a ticket it created but did not record (a crash after the create) instead of creating another', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    await sync(ws);
    await ws.catalogue.db.deleteFrom('gap_tickets').execute();
    const mark = jira.requests.length;
    const result = await sync(ws);
    expect(result.counts).toMatchObject({ updated: 1, created: 0 });
    expect(jira.writes(mark).map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /rest/api/3/issue/GOV-1']);
    expect(jira.issues.size).toBe(1);
  });
});

describe('syncGapsToJira: changes', () => {
  it('updates the ticket of a changed gap with exactly one edit, adding labels without removing any', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789'), gap('A.7.4-aaaaaaaaaa')], actor);
    await sync(ws);
    jira.issues.get('GOV-1')?.fields.labels.push('triaged');
    await ws.catalogue.putGaps(
      [
        gap('A.6.2.4-0123456789', {
          dueAt: '2026-12-01T00:00:00.000Z',
          priority: 'medium',
          updatedAt: '2026-11-02T00:00:00.000Z',
        }),
      ],
      actor,
    );
    const mark = jira.requests.length;
    const result = await sync(ws);
    const writes = jira.writes(mark);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /rest/api/3/issue/GOV-1']);
    expect(writes[0]?.body).toMatchObject({
      fields: {
        duedate: '2026-12-01',
        priority: { name: 'Medium' },
        assignee: { accountId: '5b10a2844c20165700ede21g' },
      },
      update: { labels: [{ add: 'aims-gap' }, { add: 'aims-gap-A.6.2.4-0123456789' }] },
    });
    expect(jira.issues.get('GOV-1')?.fields.labels).toContain('triaged');
    expect(result.counts).toMatchObject({ updated: 1, unchanged: 1 });
    // The field and issue type check runs once, before the first write of the run.
    expect(jira.reads(mark).filter((r) => r.path === '/rest/api/3/field')).toHaveLength(1);
  });

  it('moves the ticket of a closed gap to done with a comment citing the evidence versions that closed it', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    const open = gap('A.6.2.4-0123456789');
    await ws.catalogue.putGaps([open], actor);
    await sync(ws);
    const score: ControlScoreRecord = {
      workspace: 'acme',
      controlId: 'A.6.2.4',
      status: 'compliant',
      coverage: 100,
      present: 100,
      fresh: 100,
      scoredAt: '2026-11-02T12:00:00.000Z',
      detail: compliantResult('A.6.2.4', [
        metRequirement('A.6.2.4/r1', [
          {
            key: 'acme/mlflow/run:7f3a',
            version: 3,
            kind: 'ml.run',
            contentHash: 'a'.repeat(64),
            effectiveAt: '2026-11-02T00:00:00Z',
          },
        ]),
        metRequirement('A.6.2.4/r2', [
          {
            key: 'acme/docs/vv-plan.md',
            version: 2,
            kind: 'policy.document',
            contentHash: 'b'.repeat(64),
            effectiveAt: '2026-10-01T00:00:00Z',
          },
        ]),
      ]),
    };
    await ws.catalogue.putScores([score], actor);
    await ws.catalogue.putGaps(
      [
        {
          ...open,
          state: 'closed',
          closedAt: '2026-11-02T12:00:00.000Z',
          updatedAt: '2026-11-02T12:00:00.000Z',
        },
      ],
      actor,
    );

    const mark = jira.requests.length;
    const result = await sync(ws);
    expect(jira.requests.slice(mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/field',
      'GET /rest/api/3/issue/createmeta/GOV/issuetypes',
      'GET /rest/api/3/issue/GOV-1/transitions',
      'POST /rest/api/3/issue/GOV-1/transitions',
      'POST /rest/api/3/issue/GOV-1/comment',
    ]);
    expect(jira.writes(mark)[0]?.body).toMatchObject({ transition: { id: '31' } });
    const comment = plainText(jira.issues.get('GOV-1')?.comments[0] as never);
    expect(comment).toContain('Gap A.6.2.4-0123456789 closed on 2026-11-02: control A.6.2.4 is compliant');
    expect(comment).toContain('A.6.2.4/r1: acme/mlflow/run:7f3a version 3 (ml.run)');
    expect(comment).toContain('A.6.2.4/r2: acme/docs/vv-plan.md version 2 (policy.document)');
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        gapId: open.id,
        action: 'closed',
        evidence: [
          { requirementId: 'A.6.2.4/r1', key: 'acme/mlflow/run:7f3a', version: 3, kind: 'ml.run' },
          { requirementId: 'A.6.2.4/r2', key: 'acme/docs/vv-plan.md', version: 2, kind: 'policy.document' },
        ],
      }),
    ]);
    expect(await ws.catalogue.getGapTicket('acme', open.id)).toMatchObject({
      status: 'Done',
      statusCategory: 'done',
    });

    const again = jira.requests.length;
    await sync(ws);
    expect(jira.writes(again)).toEqual([]);
  });

  it('only comments when a closed gap’s ticket is already done, using a configured transition name otherwise', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    const open = gap('A.6.2.4-0123456789');
    await ws.catalogue.putGaps([open], actor);
    await sync(ws);
    jira.setStatus('GOV-1', 'done');
    await ws.catalogue.putGaps([{ ...open, state: 'closed', closedAt: '2026-11-02T12:00:00.000Z' }], actor);
    const mark = jira.requests.length;
    await sync(ws);
    expect(jira.writes(mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/issue/GOV-1/comment',
    ]);
    expect(plainText(jira.issues.get('GOV-1')?.comments[0] as never)).toContain('no longer scored');
  });
});

describe('syncGapsToJira: read-back', () => {
  it('flags a ticket marked done while its gap is still open, and clears the flag when it is reopened', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    await sync(ws);
    jira.setStatus('GOV-1', 'done');
    const mark = jira.requests.length;
    const result = await sync(ws);
    expect(jira.writes(mark)).toEqual([]);
    expect(result.counts.flagged).toBe(1);
    expect(result.outcomes[0]).toMatchObject({ action: 'unchanged', flag: 'ticket_closed_evidence_missing' });
    expect(await ws.catalogue.getGapTicket('acme', 'A.6.2.4-0123456789')).toMatchObject({
      status: 'Done',
      statusCategory: 'done',
      flag: 'ticket_closed_evidence_missing',
    });
    jira.setStatus('GOV-1', 'indeterminate');
    await sync(ws);
    const reopened = await ws.catalogue.getGapTicket('acme', 'A.6.2.4-0123456789');
    expect(reopened).toMatchObject({ status: 'In Progress' });
    expect(reopened).not.toHaveProperty('flag');
  });

  it('creates the ticket again when the linked one was deleted, and flags a closed gap’s missing ticket', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789'), gap('A.7.4-aaaaaaaaaa')], actor);
    await sync(ws);
    jira.issues.delete('GOV-1');
    jira.issues.delete('GOV-2');
    await ws.catalogue.putGaps(
      [gap('A.7.4-aaaaaaaaaa', { state: 'closed', closedAt: '2026-11-02T00:00:00.000Z' })],
      actor,
    );
    const result = await sync(ws);
    expect(result.outcomes).toEqual([
      expect.objectContaining({ gapId: 'A.6.2.4-0123456789', action: 'created', issueKey: 'GOV-3' }),
      expect.objectContaining({ gapId: 'A.7.4-aaaaaaaaaa', action: 'unchanged', flag: 'ticket_missing' }),
    ]);
    expect(
      jira.requests.filter((r) => r.method === 'GET' && /GOV-\d$/.test(r.path)).map((r) => r.status),
    ).toEqual([404, 404]);
  });
});

describe('syncGapsToJira: dry run', () => {
  it('reports what a run would do, with the evidence a closing would cite, and writes nothing', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    const closing = gap('A.5.2-cccccccccc');
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789'), closing], actor);
    await sync(ws);
    // The gaps were created in id order: A.5.2 is GOV-1, A.6.2.4 is GOV-2, marked done in Jira.
    jira.setStatus('GOV-2', 'done');
    await ws.catalogue.putGaps(
      [gap('A.7.4-aaaaaaaaaa'), { ...closing, state: 'closed', closedAt: '2026-11-02T12:00:00.000Z' }],
      actor,
    );
    const before = await ws.catalogue.listGapTickets('acme');
    const mark = jira.requests.length;
    const result = await sync(ws, { dryRun: true });

    expect(result.dryRun).toBe(true);
    expect(jira.writes(mark)).toEqual([]);
    // Reads only: the search, and the config check because there is something to write.
    expect(jira.reads(mark).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/field',
      'GET /rest/api/3/issue/createmeta/GOV/issuetypes',
    ]);
    expect(result.counts).toEqual({ created: 1, updated: 0, closed: 1, unchanged: 1, failed: 0, flagged: 1 });
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        gapId: 'A.5.2-cccccccccc',
        action: 'closed',
        issueKey: 'GOV-1',
        evidence: [],
      }),
      expect.objectContaining({
        gapId: 'A.6.2.4-0123456789',
        action: 'unchanged',
        issueKey: 'GOV-2',
        flag: 'ticket_closed_evidence_missing',
      }),
      { gapId: 'A.7.4-aaaaaaaaaa', controlId: 'A.7.4', action: 'created' },
    ]);
    expect(await ws.catalogue.listGapTickets('acme')).toEqual(before);
  });
});
