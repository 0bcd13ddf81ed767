import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JiraClient } from '../src/client.js';
import { jiraConfigSchema } from '../src/config.js';
import { gapLabel, type JiraGap, syncGapsToJira } from '../src/writeback.js';
import { fixtures } from './fixtures.js';

const HOST = 'https://acme.atlassian.net';
const config = jiraConfigSchema.parse({
  host: HOST,
  auth: { type: 'basic', email: 'bot@acme.example', apiToken: 'atlassian-token-abcdef' },
  projects: [{ key: 'AIMS' }],
  gaps: { projectKey: 'GAP' },
});
const target = config.gaps ?? { projectKey: 'GAP', issueType: 'Task', labelPrefix: 'aims-gap-' };
const client = new JiraClient(config, { sleep: async () => {} });
const gap: JiraGap = {
  controlId: 'A.6.2.4',
  summary: 'A.6.2.4 verification and validation evidence missing',
  description: 'No evaluation run in the last 90 days.',
  ownerAccountId: '5b10ac8d82e05b22cc7d4ef5',
  dueDate: '2026-12-15',
};

function lookup(reply: unknown) {
  return nock(HOST)
    .get('/rest/api/3/search/jql')
    .query((q) => q.jql === 'project = "GAP" AND labels = "aims-gap-a-6-2-4" ORDER BY created ASC')
    .reply(200, reply as nock.Body);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('syncGapsToJira', () => {
  it('derives a label-safe label from the control id', () => {
    expect(gapLabel('A.6.2.4')).toBe('aims-gap-a-6-2-4');
    expect(() => gapLabel('..')).toThrow(/empty gap label/);
  });

  it('creates the issue once, then finds it again by label and changes nothing', async () => {
    lookup(fixtures.gapSearchEmpty);
    let createdBody: unknown;
    nock(HOST)
      .post('/rest/api/3/issue', (b) => {
        createdBody = b;
        return true;
      })
      .reply(201, fixtures.createdIssue);
    expect(await syncGapsToJira(client, [gap], target)).toEqual([
      { controlId: 'A.6.2.4', issueKey: 'GAP-7', action: 'created' },
    ]);
    expect(createdBody).toMatchObject({
      fields: {
        project: { key: 'GAP' },
        issuetype: { name: 'Task' },
        summary: gap.summary,
        labels: ['aims-gap-a-6-2-4'],
        assignee: { accountId: gap.ownerAccountId },
        duedate: '2026-12-15',
        description: { type: 'doc', version: 1 },
      },
    });

    lookup(fixtures.gapSearchFound);
    expect(await syncGapsToJira(client, [gap], target)).toEqual([
      { controlId: 'A.6.2.4', issueKey: 'GAP-7', action: 'unchanged' },
    ]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('updates only the fields that changed', async () => {
    lookup(fixtures.gapSearchFound);
    let editBody: unknown;
    nock(HOST)
      .put('/rest/api/3/issue/GAP-7', (b) => {
        editBody = b;
        return true;
      })
      .reply(204);
    const moved = { ...gap, dueDate: '2027-01-31' };
    expect(await syncGapsToJira(client, [moved], target)).toEqual([
      { controlId: 'A.6.2.4', issueKey: 'GAP-7', action: 'updated' },
    ]);
    expect(editBody).toEqual({ fields: { duedate: '2027-01-31' } });
  });

  it('names the control when Jira refuses', async () => {
    lookup(fixtures.gapSearchEmpty);
    nock(HOST)
      .post('/rest/api/3/issue')
      .reply(400, { errorMessages: [], errors: { duedate: 'Due date is not on the screen' } });
    await expect(syncGapsToJira(client, [gap], target)).rejects.toThrow(
      /control A\.6\.2\.4.*duedate: Due date is not on the screen/,
    );
  });
});
