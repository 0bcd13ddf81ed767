import { Buffer } from 'node:buffer';
import { ConfigError } from '@aims/config';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TicketSyncError } from '../src/index.js';
import { FakeJira } from './fake-jira.js';
import { fixtures } from './fixtures.js';
import { actor, CONFIG, EMAIL, fakeClock, gap, manyGaps, sync, TOKEN, users, workspace } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the sync to fail');
};

describe('syncGapsToJira: rate limits', () => {
  it('waits for Retry-After on a 429 or 503, then retries', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace(
      CONFIG.replace('    project: GOV\n', '    project: GOV\n    concurrency: 1\n'),
    );
    await ws.catalogue.putGaps(manyGaps(120), actor);
    jira.respondOnce('POST', /^\/rest\/api\/3\/search\/jql$/, 429, fixtures.errorRateLimited, {
      'Retry-After': '7',
    });
    jira.respondOnce('POST', /^\/rest\/api\/3\/issue\/bulk$/, 429, fixtures.errorRateLimited, {
      'Retry-After': '3',
    });
    jira.respondOnce('POST', /^\/rest\/api\/3\/issue\/bulk$/, 503, fixtures.errorRateLimited, {
      'Retry-After': '2',
    });
    const clock = fakeClock();
    const result = await sync(ws, { ...clock, retry: { random: () => 0 } });
    expect(result.failures).toEqual([]);
    expect(result.counts.created).toBe(120);
    expect(jira.issues.size).toBe(120);
    expect(clock.waits).toEqual([7_000, 3_000, 2_000]);
    expect(result.requests).toMatchObject({ throttled: 3, retries: 3 });
  });

  it('gives up after the bounded retries and reports the gaps, not the token', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    for (let i = 0; i < 3; i++)
      jira.respondOnce('POST', /^\/rest\/api\/3\/issue\/bulk$/, 429, fixtures.errorRateLimited, {
        'Retry-After': '1',
      });
    const result = await sync(ws, { retry: { maxAttempts: 3, random: () => 0 } });
    expect(result.failures).toEqual([
      expect.objectContaining({
        gapId: 'A.6.2.4-0123456789',
        operation: 'ticket create',
        code: 'rate_limited',
        retriable: true,
      }),
    ]);
    expect(result.failures[0]?.message).toContain('Rate limit exceeded.');
    expect(jira.issues.size).toBe(0);
  });
});

describe('syncGapsToJira: failures', () => {
  it('reports a gap Jira refuses with its id and reason, and syncs the others', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps(
      [gap('A.6.2.4-0123456789'), gap('A.7.4-aaaaaaaaaa'), gap('A.9.2-bbbbbbbbbb')],
      actor,
    );
    jira.refuseCreate = (fields) =>
      (fields.labels as string[]).includes('aims-gap-A.7.4-aaaaaaaaaa')
        ? "Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown."
        : undefined;
    const result = await sync(ws);
    expect(result.counts).toMatchObject({ created: 2, failed: 1 });
    expect(result.failures).toEqual([
      {
        gapId: 'A.7.4-aaaaaaaaaa',
        controlId: 'A.7.4',
        operation: 'ticket create',
        code: 'ticket_refused',
        message:
          "Jira refused to create the ticket (400): duedate: Field 'duedate' cannot be set. It is not on the appropriate screen, or unknown.",
        retriable: false,
      },
    ]);
    expect((await ws.catalogue.listGapTickets('acme')).map((link) => link.gapId)).toEqual([
      'A.6.2.4-0123456789',
      'A.9.2-bbbbbbbbbb',
    ]);

    // Next run: the refused gap is tried again; an edit Jira refuses is reported with the ticket key.
    jira.refuseCreate = undefined;
    jira.refuseEdit = (key) => key === 'GOV-1';
    await ws.catalogue.putGaps(
      [
        gap('A.6.2.4-0123456789', { dueAt: '2026-12-01T00:00:00.000Z' }),
        gap('A.9.2-bbbbbbbbbb', { priority: 'low' }),
      ],
      actor,
    );
    const next = await sync(ws);
    expect(next.counts).toMatchObject({ created: 1, updated: 1, failed: 1 });
    expect(next.failures).toEqual([
      expect.objectContaining({
        gapId: 'A.6.2.4-0123456789',
        issueKey: 'GOV-1',
        operation: 'ticket edit',
        code: 'http_error',
        message: expect.stringContaining("customfield_10042: Field 'customfield_10042' cannot be set"),
      }),
    ]);
  });

  it('names the transition it could not find for a closed gap', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace(
      CONFIG.replace('    project: GOV\n', '    project: GOV\n    doneTransition: Close\n'),
    );
    const open = gap('A.6.2.4-0123456789');
    await ws.catalogue.putGaps([open], actor);
    await sync(ws);
    await ws.catalogue.putGaps([{ ...open, state: 'closed', closedAt: '2026-11-02T00:00:00.000Z' }], actor);
    const result = await sync(ws);
    expect(result.failures).toEqual([
      expect.objectContaining({
        gapId: open.id,
        operation: 'ticket transition',
        code: 'transition_unavailable',
        message:
          'no transition named "Close" from status "To Do" of GOV-1 (available: To Do, In Progress, Done); set tickets.jira.doneTransition to one of them',
      }),
    ]);
    expect(jira.issues.get('GOV-1')?.comments).toEqual([]);
  });
});

describe('syncGapsToJira: bad config', () => {
  it('refuses a mapping to a field Jira does not have, naming the file and line', async () => {
    new FakeJira({ users });
    const ws = await workspace(
      CONFIG.replace('customfield_10042: { from: controlId }', 'customfield_99999: { from: controlId }'),
    );
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    const error = await rejection(sync(ws));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(
      `${ws.configFile}:13 at tickets.jira.fields.customfield_99999: Jira has no field "customfield_99999"`,
    );
    expect(await ws.catalogue.listGapTickets('acme')).toEqual([]);
  });

  it('refuses an unknown project and an unknown issue type, naming their lines', async () => {
    new FakeJira({ users });
    const noProject = await workspace(CONFIG.replace('project: GOV', 'project: NOPE'));
    await noProject.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    const projectError = await rejection(sync(noProject));
    expect(projectError).toBeInstanceOf(ConfigError);
    expect(projectError.message).toContain(
      `${noProject.configFile}:10 at tickets.jira.project: Jira has no project NOPE, or the account cannot create issues in it`,
    );

    const noType = await workspace(
      CONFIG.replace('    project: GOV\n', '    project: GOV\n    issueType: Gap\n'),
    );
    await noType.catalogue.putGaps([gap('A.6.2.4-0123456789')], actor);
    const typeError = await rejection(sync(noType));
    expect(typeError.message).toContain(
      `${noType.configFile}:11 at tickets.jira.issueType: project GOV has no issue type "Gap" (it has: Task, Bug, Subtask)`,
    );
  });

  it('names the variable of a missing credential and the section of a missing config', async () => {
    new FakeJira({ users });
    const ws = await workspace();
    await expect(sync(ws, { env: { AIMS_JIRA_EMAIL: EMAIL } })).rejects.toThrow(
      'environment variable AIMS_JIRA_API_TOKEN (tickets.jira.apiTokenEnv) is not set or empty',
    );
    const bare = await workspace('workspace: acme\n');
    await expect(sync(bare)).rejects.toThrow(/at tickets: no tickets\.jira section/);
  });
});

describe('syncGapsToJira: secrets', () => {
  it('authenticates with the token but never puts it in an error, a failure or a log line', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspace();
    await ws.catalogue.putGaps([gap('A.6.2.4-0123456789'), gap('A.7.4-aaaaaaaaaa')], actor);
    const basic = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');
    const lines: string[] = [];
    const logger = {
      info: (object: Record<string, unknown>, message: string) =>
        lines.push(JSON.stringify({ ...object, message })),
      warn: (object: Record<string, unknown>, message: string) =>
        lines.push(JSON.stringify({ ...object, message })),
    };
    // Jira echoing the credential back in an error must not leak it either.
    jira.refuseCreate = () => `bad request with Authorization: Basic ${basic} and token ${TOKEN}`;
    const result = await sync(ws, { logger });
    expect(jira.requests[0]?.authorization).toBe(`Basic ${basic}`);
    expect(result.failures).toHaveLength(2);

    jira.respondOnce('POST', /^\/rest\/api\/3\/search\/jql$/, 401, {
      errorMessages: [`Client must be authenticated to access this resource. (${TOKEN})`],
      errors: {},
    });
    const error = await rejection(sync(ws, { logger }));
    expect(error).toBeInstanceOf(TicketSyncError);
    expect(error.message).toContain('the API token or access token is invalid or expired');

    const everything = JSON.stringify([result, lines, error.message, String(error.cause), error.stack]);
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(basic);
  });
});
