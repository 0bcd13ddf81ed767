import { connectorReadTest, runCheck } from '@aims/connector-sdk';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJiraConnector } from '../src/index.js';
import { clone, fixtures } from './fixtures.js';

const HOST = 'https://acme.atlassian.net';
const TOKEN = 'atlassian-token-SECRET-98765';
const config = {
  host: HOST,
  auth: { type: 'basic', email: 'bot@acme.example', apiToken: TOKEN },
  projects: [{ key: 'AIMS' }],
};
const sleeps: number[] = [];
const connector = createJiraConnector({
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  retryPolicy: { random: () => 0 },
});

function search(jqlPattern: RegExp, token?: string) {
  return nock(HOST)
    .get('/rest/api/3/search/jql')
    .query(
      (q) =>
        jqlPattern.test(String(q.jql)) &&
        q.expand === 'changelog' &&
        (token === undefined ? q.nextPageToken === undefined : q.nextPageToken === token),
    );
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  sleeps.length = 0;
});

describe('Jira harvest', () => {
  it('reads every page, skips unmapped types and checkpoints the last updated time', async () => {
    const scope = search(/^project = "AIMS" ORDER BY updated ASC/)
      .basicAuth({ user: 'bot@acme.example', pass: TOKEN })
      .reply(200, fixtures.searchPage1);
    search(/^project = "AIMS"/, fixtures.searchPage1.nextPageToken).reply(200, fixtures.searchPage2);

    const run = await connectorReadTest({ connector, config });

    expect(run.result.status).toBe('succeeded');
    expect(run.upserts.map((r) => r.externalId)).toEqual(['issue:10001', 'issue:10002', 'issue:10003']);
    expect(run.upserts.map((r) => r.kind)).toEqual([
      'ticket.impact-assessment',
      'ticket.risk',
      'ticket.incident',
    ]);
    expect(run.result.metrics['jira.issues_unmapped']).toBe(1);
    expect(Object.values(run.cursors)).toEqual([
      expect.objectContaining({ lastUpdated: '2026-11-13T08:00:00.000Z' }),
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('resumes from its cursor with an overlap, skips issues already seen, and fetches long changelogs', async () => {
    search(/^project = "AIMS" ORDER BY/).reply(200, fixtures.searchPage1);
    search(/^project = "AIMS"/, fixtures.searchPage1.nextPageToken).reply(200, fixtures.searchPage2);
    const first = await connectorReadTest({ connector, config });

    const incremental = search(/^project = "AIMS" AND updated >= "2026-11-13 07:55" ORDER BY/).reply(
      200,
      fixtures.searchIncremental,
    );
    nock(HOST)
      .get('/rest/api/3/issue/AIMS-5/changelog')
      .query({ startAt: '0', maxResults: '100' })
      .reply(200, fixtures.changelogAims5);
    nock(HOST).get('/rest/api/3/search/jql').query(true).reply(200, { issues: [] });
    const second = await connectorReadTest({ connector, config, checkpoints: first.checkpoints });

    expect(incremental.isDone()).toBe(true);
    // AIMS-4 came back inside the overlap window unchanged: skipped before mapping.
    expect(second.upserts.map((r) => r.externalId)).toEqual(['issue:10005']);
    expect(second.result.metrics['jira.issues_unmapped']).toBeUndefined();
    expect(second.upserts[0]?.attributes).toMatchObject({ approved: true, approvedBy: 'carol@acme.example' });
  });

  it('continues after a crash from the last committed checkpoint', async () => {
    search(/^project = "AIMS" ORDER BY/).reply(200, fixtures.searchPage1);
    search(/^project = "AIMS"/, fixtures.searchPage1.nextPageToken).reply(200, fixtures.searchPage2);
    const crashed = await connectorReadTest({ connector, config, checkpointEvery: 1, crashAfterRecords: 2 });
    expect(crashed.crashed).toBe(true);
    expect(crashed.records.map((r) => r.externalId)).toEqual(['issue:10001', 'issue:10002']);

    // The first page was committed, so the restart asks only for issues updated since then.
    search(/updated >= "2026-11-11 11:55"/).reply(200, {
      issues: [fixtures.searchPage1.issues[1], ...fixtures.searchPage2.issues],
    });
    const resumed = await connectorReadTest({ connector, config, checkpoints: crashed.checkpoints });
    expect(resumed.result.status).toBe('succeeded');
    expect(resumed.upserts.map((r) => r.externalId)).toEqual(['issue:10003']);
  });

  it('waits as long as Retry-After says on 429 and backs off on 5xx', async () => {
    search(/ORDER BY/).reply(429, { errorMessages: ['Rate limit exceeded'] }, { 'Retry-After': '7' });
    search(/ORDER BY/).reply(503, 'upstream busy');
    search(/ORDER BY/).reply(200, fixtures.searchPage2);

    const run = await connectorReadTest({ connector, config });

    expect(run.result.status).toBe('succeeded');
    expect(run.upserts).toHaveLength(1);
    expect(sleeps[0]).toBe(7000);
    expect(sleeps).toHaveLength(2);
    expect(run.result.metrics['jira.requests']).toBe(3);
  });

  it('fails the run with a clear error and no token when the credentials are rejected', async () => {
    search(/ORDER BY/).reply(401, fixtures.error401);

    const run = await connectorReadTest({ connector, config });

    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('auth_failed');
    expect(run.result.error?.message).toMatch(/invalid or expired.*Client must be authenticated/);
    expect(JSON.stringify(run.result)).not.toContain(TOKEN);
    expect(JSON.stringify(run.result)).not.toContain(
      Buffer.from(`bot@acme.example:${TOKEN}`).toString('base64'),
    );
  });

  it('records a malformed project as a gap and harvests the others', async () => {
    const twoProjects = { ...config, projects: [{ key: 'RISK' }, { key: 'AIMS' }] };
    search(/^project = "RISK"/).reply(200, fixtures.searchMalformed);
    search(/^project = "AIMS"/).reply(200, fixtures.searchPage2);

    const run = await connectorReadTest({ connector, config: twoProjects, failureRatio: 0.5 });

    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([
      expect.objectContaining({
        slice: 'project:RISK',
        stream: 'issues',
        error: expect.objectContaining({ code: 'malformed_payload' }),
      }),
    ]);
    expect(JSON.stringify(run.gaps)).toMatch(/RISK-1.*fields\.status/);
    expect(run.upserts.map((r) => r.externalId)).toEqual(['issue:10003']);
  });

  it('keeps the wire payload untouched (fixtures are not mutated by the mapping)', async () => {
    const page = clone(fixtures.searchPage2);
    search(/ORDER BY/).reply(200, page);
    await connectorReadTest({ connector, config });
    expect(page).toEqual(fixtures.searchPage2);
  });
});

describe('Jira check', () => {
  it('names the account and the project permissions it lacks', async () => {
    const two = { ...config, projects: [{ key: 'AIMS' }, { key: 'RISK' }] };
    const browse = fixtures.mypermissions.permissions.BROWSE_PROJECTS;
    nock(HOST).get('/rest/api/3/myself').reply(200, fixtures.myself);
    nock(HOST)
      .get('/rest/api/3/mypermissions')
      .query({ projectKey: 'AIMS', permissions: 'BROWSE_PROJECTS' })
      .reply(200, { permissions: { BROWSE_PROJECTS: browse } });
    nock(HOST)
      .get('/rest/api/3/mypermissions')
      .query({ projectKey: 'RISK', permissions: 'BROWSE_PROJECTS' })
      .reply(200, { permissions: { BROWSE_PROJECTS: { ...browse, havePermission: false } } });
    const result = await runCheck({ connector, config: two, workspace: 'test', instance: 'jira' });
    expect(result).toMatchObject({
      ok: false,
      identity: 'alice@acme.example',
      missing: [{ permission: 'BROWSE_PROJECTS', reason: 'needed in project RISK' }],
    });
    expect(result.granted).toEqual(['AIMS:BROWSE_PROJECTS']);
  });
});

describe('Jira full harvests reconcile deletions', () => {
  it('tombstones issues deleted from a project it read completely, nothing of a project that failed', async () => {
    const two = { ...config, projects: [{ key: 'AIMS' }, { key: 'OPS' }] };
    search(/^project = "AIMS" ORDER BY updated ASC/).reply(200, fixtures.searchPage1);
    search(/^project = "AIMS"/, fixtures.searchPage1.nextPageToken).reply(200, fixtures.searchPage2);
    search(/^project = "OPS"/)
      .times(4)
      .reply(503, { errorMessages: ['Service unavailable'] });
    const known = (externalId: string, slice: string) => ({
      externalId,
      kind: 'ticket.incident',
      slice,
      stream: 'issues',
    });
    const run = await connectorReadTest({
      connector,
      config: two,
      full: true,
      knownArtifacts: async () => [
        known('issue:10001', 'project:AIMS'),
        known('issue:10999', 'project:AIMS'),
        known('issue:20001', 'project:OPS'),
      ],
    });
    expect(run.result.status).toBe('partial');
    expect(run.gaps.map((g) => g.slice)).toEqual(['project:OPS']);
    expect(run.deletes.map((r) => [r.externalId, r.kind])).toEqual([['issue:10999', 'ticket.incident']]);
  });
});
