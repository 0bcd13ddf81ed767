// `aims gaps sync-jira` on a local workspace, against a Jira site faked at the HTTP layer (nock)
// from recorded Cloud payloads: the fake and the gap fixtures are those of @aims/ticket-sync.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlScoreRecord, createSqliteCatalogue, type GapRecord } from '@aims/catalogue';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeJira } from '../../ticket-sync/test/fake-jira.ts';
import {
  actor,
  CONFIG,
  compliantResult,
  EMAIL,
  env,
  gap,
  metRequirement,
  TOKEN,
  users,
} from '../../ticket-sync/test/support.ts';
import { EXIT } from '../src/index.js';
import { aims, type Run } from './harness.js';

const dirs: string[] = [];

/** A workspace folder with `config` as aims.yaml and a catalogue holding `gaps` in .aims/. */
async function workspaceWith(gaps: readonly GapRecord[], config = CONFIG) {
  const dir = await mkdtemp(join(tmpdir(), 'aims-cli-jira-'));
  dirs.push(dir);
  await writeFile(join(dir, 'aims.yaml'), config);
  await mkdir(join(dir, '.aims'));
  await store(dir, (catalogue) => catalogue.putGaps([...gaps], actor));
  const run = (extraEnv: Record<string, string> = env) => {
    const cli = aims(dir, extraEnv);
    return (...argv: string[]): Promise<Run> => cli(...argv);
  };
  return { dir, configFile: join(dir, 'aims.yaml'), sync: run(), run };
}

/** Changes the workspace's catalogue as the scorer would between two syncs. */
async function store(
  dir: string,
  work: (catalogue: ReturnType<typeof createSqliteCatalogue>) => Promise<unknown>,
): Promise<void> {
  const catalogue = createSqliteCatalogue({ filename: join(dir, '.aims', 'catalogue.sqlite') });
  await catalogue.migrate();
  try {
    await work(catalogue);
  } finally {
    await catalogue.close();
  }
}

/** The gaps as `aims gaps --format json` shows them, by id. */
async function shownGaps(sync: (...argv: string[]) => Promise<Run>) {
  const listed = await sync('gaps', '--format', 'json');
  expect(listed.code).toBe(EXIT.ok);
  const items = JSON.parse(listed.out).items as Array<{ id: string; ticket?: Record<string, string> }>;
  return new Map(items.map((item) => [item.id, item]));
}

const closingScore: ControlScoreRecord = {
  workspace: 'acme',
  controlId: 'A.5.2',
  status: 'compliant',
  coverage: 100,
  present: 100,
  fresh: 100,
  scoredAt: '2026-11-02T12:00:00.000Z',
  detail: compliantResult('A.5.2', [
    metRequirement('A.5.2/r1', [
      {
        key: 'acme/docs/ai-policy.md',
        version: 3,
        kind: 'policy.document',
        contentHash: 'c'.repeat(64),
        effectiveAt: '2026-11-02T00:00:00Z',
      },
    ]),
  ]),
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('aims gaps sync-jira', () => {
  it('creates one ticket per open gap, changes nothing the second time, and shows the tickets on the gaps', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspaceWith([
      gap('A.6.2.4-0123456789'),
      gap('A.7.4-aaaaaaaaaa', { ownerRole: 'ml-lead', dueAt: '2027-01-31T00:00:00.000Z' }),
    ]);
    const first = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(first.err).toBe('');
    expect(first.code).toBe(EXIT.ok);
    expect(first.out).toMatch(/^ACTION +GAP +TICKET +DETAIL\n/);
    expect(first.out).toMatch(/\ncreated +A\.6\.2\.4-0123456789 +GOV-1\n/);
    expect(first.out).toMatch(/\ncreated +A\.7\.4-aaaaaaaaaa +GOV-2\n/);
    expect(first.out).toContain(
      'Jira project GOV, workspace acme: 2 created, 0 updated, 0 closed, 0 unchanged, 0 failed, 0 flagged\n',
    );
    expect(jira.issueOfGap('A.6.2.4-0123456789')?.fields).toMatchObject({
      labels: ['aims-gap', 'aims-gap-A.6.2.4-0123456789'],
      duedate: '2026-12-15',
      assignee: { accountId: '5b10a2844c20165700ede21g' },
    });
    expect(jira.issueOfGap('A.7.4-aaaaaaaaaa')?.fields).toMatchObject({
      duedate: '2027-01-31',
      assignee: { accountId: '712020:aisha' },
    });

    const mark = jira.requests.length;
    const second = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(second.code).toBe(EXIT.ok);
    expect(jira.writes(mark)).toEqual([]);
    expect(second.out).toBe(
      'Jira project GOV, workspace acme: 0 created, 0 updated, 0 closed, 2 unchanged, 0 failed, 0 flagged\n',
    );

    // Read back: the ticket's status and assignee show on the gap, locally and in the same shape as the API.
    const shown = await shownGaps(aims(ws.dir));
    expect(shown.get('A.6.2.4-0123456789')?.ticket).toEqual({
      system: 'jira',
      key: 'GOV-1',
      url: 'https://acme.atlassian.net/browse/GOV-1',
      status: 'To Do',
      assignee: 'Priya Raman',
    });
    // Every request carried the credentials; no output did.
    expect(jira.requests.every((r) => r.authorization?.startsWith('Basic ') === true)).toBe(true);
    const printed = [first, second].map((r) => r.out + r.err).join('');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64'));
  });

  it('updates a changed gap’s ticket, closes a closed one citing its evidence, and flags a ticket done too early', async () => {
    const jira = new FakeJira({ users });
    const closing = gap('A.5.2-cccccccccc');
    const early = gap('A.7.4-aaaaaaaaaa');
    const ws = await workspaceWith([closing, gap('A.6.2.4-0123456789'), early]);
    expect((await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir)).code).toBe(EXIT.ok);
    const earlyKey = jira.issueOfGap(early.id)?.key ?? '';
    jira.setStatus(earlyKey, 'done');
    await store(ws.dir, async (catalogue) => {
      await catalogue.putScores([closingScore], actor);
      await catalogue.putGaps(
        [
          {
            ...closing,
            state: 'closed',
            closedAt: '2026-11-02T12:00:00.000Z',
            updatedAt: '2026-11-02T12:00:00.000Z',
          },
          gap('A.6.2.4-0123456789', {
            dueAt: '2026-12-01T00:00:00.000Z',
            updatedAt: '2026-11-02T00:00:00.000Z',
          }),
        ],
        actor,
      );
    });

    const result = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toMatch(/\nclosed +A\.5\.2-cccccccccc +GOV-1 +cites acme\/docs\/ai-policy\.md v3\n/);
    expect(result.out).toMatch(/\nupdated +A\.6\.2\.4-0123456789 +GOV-2\n/);
    expect(result.out).toMatch(
      new RegExp(`\\nunchanged +A\\.7\\.4-aaaaaaaaaa +${earlyKey} +ticket closed, evidence missing\\n`),
    );
    expect(result.out).toContain('0 created, 1 updated, 1 closed, 1 unchanged, 0 failed, 1 flagged\n');
    const closed = jira.issueOfGap(closing.id);
    expect(closed?.fields.status.statusCategory?.key).toBe('done');
    expect(JSON.stringify(closed?.comments)).toContain('acme/docs/ai-policy.md version 3');
    expect(jira.issueOfGap('A.6.2.4-0123456789')?.fields.duedate).toBe('2026-12-01');

    const shown = await shownGaps(aims(ws.dir));
    expect(shown.get(early.id)?.ticket).toMatchObject({
      key: earlyKey,
      status: 'Done',
      flag: 'ticket_closed_evidence_missing',
    });
    const table = await aims(ws.dir)('gaps');
    expect(table.out).toContain(`${earlyKey} (Done)`);
  });

  it('goes on past a gap whose ticket Jira refuses, reports it with the gap id, and exits 1', async () => {
    const jira = new FakeJira({ users });
    jira.refuseCreate = (fields) =>
      (fields.labels as string[]).includes('aims-gap-A.9.2-bbbbbbbbbb') ? 'customfield_10042' : undefined;
    const ws = await workspaceWith([gap('A.6.2.4-0123456789'), gap('A.9.2-bbbbbbbbbb')]);
    const result = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(result.code).toBe(EXIT.rejected);
    expect(result.out).toMatch(/\ncreated +A\.6\.2\.4-0123456789 +GOV-1\n/);
    expect(result.out).toMatch(
      /\nfailed +A\.9\.2-bbbbbbbbbb +- +ticket create: Jira refused to create the ticket/,
    );
    expect(result.out).toContain(
      '1 created, 0 updated, 0 closed, 0 unchanged, 1 failed (A.9.2-bbbbbbbbbb), 0 flagged\n',
    );
    expect(jira.issues.size).toBe(1);

    const json = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir, '--format', 'json');
    expect(json.code).toBe(EXIT.rejected);
    expect(JSON.parse(json.out)).toMatchObject({
      counts: { created: 0, unchanged: 1, failed: 1 },
      failures: [{ gapId: 'A.9.2-bbbbbbbbbb', operation: 'ticket create' }],
    });
  });

  it('prints the plan of a dry run and writes nothing, to Jira or the catalogue', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspaceWith([gap('A.6.2.4-0123456789')]);
    const plan = await ws.sync('gaps', 'sync-jira', '--dry-run', '--workspace', ws.dir);
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.out).toMatch(/\nwould create +A\.6\.2\.4-0123456789 +-\n/);
    expect(plan.out).toContain(
      'Jira project GOV, workspace acme: dry run, nothing written: would create 1, update 0, close 0; 0 unchanged, 0 failed, 0 flagged\n',
    );
    expect(jira.writes()).toEqual([]);
    expect((await shownGaps(aims(ws.dir))).get('A.6.2.4-0123456789')).not.toHaveProperty('ticket');
  });

  it('refuses a mapping to a field Jira does not have, naming the config file and line (exit 3)', async () => {
    new FakeJira({ users });
    const ws = await workspaceWith(
      [gap('A.6.2.4-0123456789')],
      CONFIG.replace('customfield_10042: { from: controlId }', 'customfield_99999: { from: controlId }'),
    );
    for (const argv of [['--dry-run'], []]) {
      const result = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir, ...argv);
      expect(result.code).toBe(EXIT.input);
      expect(result.out).toBe('');
      expect(result.err).toContain(
        `${ws.configFile}:13 at tickets.jira.fields.customfield_99999: Jira has no field "customfield_99999"`,
      );
    }
  });

  it('names the unset token variable, never a value, and refuses --api with what to do instead', async () => {
    const jira = new FakeJira({ users });
    const ws = await workspaceWith([gap('A.6.2.4-0123456789')]);
    const unset = await ws.run({ AIMS_JIRA_EMAIL: EMAIL })('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(unset.code).toBe(EXIT.input);
    expect(unset.err).toBe(
      'aims: environment variable AIMS_JIRA_API_TOKEN (tickets.jira.apiTokenEnv) is not set or empty\n',
    );
    expect(jira.requests).toEqual([]);

    const api = await ws.sync('gaps', 'sync-jira', '--api', 'http://127.0.0.1:9');
    expect(api.code).toBe(EXIT.usage);
    expect(api.err).toContain('gaps sync-jira works on the local workspace and its catalogue');
    const csv = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir, '--format', 'csv');
    expect(csv).toMatchObject({ code: EXIT.usage, out: '' });
    expect(csv.err).toContain('--format csv: gaps sync-jira prints a table or json');
  });

  it('says when Jira cannot be read at all (exit 4)', async () => {
    const jira = new FakeJira({ users });
    jira.respondOnce('POST', /^\/rest\/api\/3\/search\/jql$/, 401, { errorMessages: ['Unauthorized'] });
    const ws = await workspaceWith([gap('A.6.2.4-0123456789')]);
    const result = await ws.sync('gaps', 'sync-jira', '--workspace', ws.dir);
    expect(result.code).toBe(EXIT.unavailable);
    expect(result.err).toMatch(
      /^aims: reading the gap tickets of project GOV from https:\/\/acme\.atlassian\.net failed: /,
    );
    expect(result.err).not.toContain(TOKEN);
  });
});
