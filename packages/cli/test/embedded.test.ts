import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/index.js';
import { aims, copyExample, type Run } from './harness.js';

let dir: string;
let ws: string;
let run: ReturnType<typeof aims>;
let first: Run;

/** Evidence files of the example: markdown and YAML, except the README without front matter. */
async function evidenceCount(): Promise<number> {
  const entries = await readdir(join(ws, 'evidence'), { recursive: true });
  return entries.filter((name) => /\.(md|ya?ml)$/.test(name) && !name.endsWith('README.md')).length;
}

const ERASE_LINE = '\u001b[2K';
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((line) => line.includes(needle)) + 1;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-cli-local-'));
  ws = await copyExample(dir);
  run = aims(dir);
  first = await run('harvest', '--workspace', 'ws');
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('aims on the local data folder', () => {
  it('harvests every enabled instance in process, in plain lines when stdout is no terminal', async () => {
    expect(first.err).toBe('');
    expect(first.code).toBe(EXIT.ok);
    expect(first.out).toContain('[1/1] harvesting evidence-folder...');
    const records = Number(
      /evidence-folder \(local-folder\): succeeded, (\d+) records, 0 deletes, 0 skipped, /.exec(
        first.out,
      )?.[1],
    );
    expect(records).toBeGreaterThanOrEqual(await evidenceCount());
    expect(first.out).toMatch(
      /Scores settled: \d+ compliant, \d+ partially compliant, \d+ not compliant, 1 not applicable/,
    );
    // Incremental: nothing changed, nothing is read again; on a terminal the bar is drawn in place.
    const again = await aims(dir, {}, true)('harvest', 'evidence-folder', '--workspace', 'ws');
    expect(again.code).toBe(EXIT.ok);
    expect(again.out).toContain('evidence-folder (local-folder): succeeded, 0 records');
    expect(again.out).toContain(`\r${ERASE_LINE}${'░'.repeat(20)} 0/1  evidence-folder  0 records`);
    expect(again.out).not.toContain('harvesting evidence-folder...');
  });

  it('lists the open gaps as a table, CSV or JSON, most urgent first, with their owners', async () => {
    const json = await run('gaps', '--workspace', 'ws', '--format', 'json');
    expect(json.code).toBe(EXIT.ok);
    const report = JSON.parse(json.out);
    expect(report.items.length).toBeGreaterThan(0);
    const priorities = report.items.map((gap: { priority: number }) => gap.priority);
    expect(priorities).toEqual([...priorities].sort());
    const governance = report.items.find(
      (gap: { ownerRole: string }) => gap.ownerRole === 'ai-governance-lead',
    );
    expect(governance.owner).toEqual({
      role: 'ai-governance-lead',
      assigned: true,
      name: 'Priya Raman',
      email: 'head-of-ai-governance@kestrel-freight.example',
    });

    const table = await run('gaps', '--workspace', 'ws');
    expect(table.code).toBe(EXIT.ok);
    expect(table.out).toMatch(/^PRIORITY +CONTROL +TITLE +STATUS +OWNER +DUE +MISSING\n/);
    expect(table.out).toContain('Priya Raman (ai-governance-lead)');
    expect(table.out).toMatch(
      new RegExp(`${report.items.length} open gaps: \\d+ high, \\d+ medium, \\d+ low; \\d+ overdue\\n$`),
    );

    const csv = await run('gaps', '--workspace', 'ws', '--format', 'csv');
    const rows = csv.out.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'id,state,reason,priority,control_id,title,status,ai_system,owner_role,owner_name,owner_email,opened_at,due_at,overdue,closed_at,missing_requirements,ticket_key,ticket_url,ticket_status,ticket_assignee,ticket_flag',
    );
    expect(rows).toHaveLength(report.items.length + 1);
  });

  it('scores every control now over the current artifacts, with the totals', async () => {
    const json = await run('score', '--workspace', 'ws', '--format', 'json');
    expect(json.code).toBe(EXIT.ok);
    const list = JSON.parse(json.out);
    // The 38 Annex A controls, then the 27 clauses 4 to 10, each library with its own totals.
    expect(list.items).toHaveLength(65);
    const { overall, clauses } = list.totals;
    expect(overall.controls).toBe(38);
    expect(clauses.controls).toBe(27);
    const count = (status: string) =>
      list.items.filter(
        (c: { status: string; library: string }) => c.status === status && c.library === 'annex-a',
      ).length;
    expect([
      overall.compliant,
      overall.partiallyCompliant,
      overall.notCompliant,
      overall.notApplicable,
    ]).toEqual([
      count('compliant'),
      count('partially_compliant'),
      count('not_compliant'),
      count('not_applicable'),
    ]);
    expect(list.items.find((c: { controlId: string }) => c.controlId === 'A.10.4').status).toBe(
      'not_applicable',
    );
    const table = await run('score', '--workspace', 'ws');
    expect(table.out).toMatch(
      /^Controls of workspace "kestrel", evaluated at .+ over its \d+ current artifacts:/,
    );
    expect(table.out).toMatch(/\nA\.10\.4 +not applicable +0\.0% +/);
    expect(table.out).toContain(`Totals: 38 controls: ${overall.compliant} compliant`);
    expect(table.out).toContain(`Clauses 4 to 10: 27 clauses: ${clauses.compliant} compliant`);
    expect(table.out).toMatch(/\n9\.2 +(not compliant|partially compliant|compliant) +/);
  });

  it('forecasts the next audit (or --at) over the current artifacts, with what to renew and its owner', async () => {
    const json = await run('forecast', '--workspace', 'ws', '--format', 'json');
    expect(json.err).toBe('');
    expect(json.code).toBe(EXIT.ok);
    const view = JSON.parse(json.out);
    // The example was certified on 16 March 2026: the next audit is the first surveillance one
    // still ahead (yearly), as the calendar says today.
    const { nextAudit } = await import('@aims/scoring');
    const next = nextAudit({ certifiedAt: '2026-03-16' }, new Date());
    expect(view.at).toBe(next?.at);
    expect(view.audit).toMatchObject({ kind: next?.kind, body: 'Northgate Certification Ltd (fictional)' });
    expect(view.totals.annexA.controls).toBe(38);
    expect(view.totals.clauses.controls).toBe(27);
    const later = new Date(Date.now() + 500 * 86_400_000).toISOString().slice(0, 10);
    const far = JSON.parse(
      (await run('forecast', '--workspace', 'ws', '--at', later, '--format', 'json')).out,
    );
    expect(far.at).toBe(`${later}T00:00:00.000Z`);
    // Everything approved in 2026 has lapsed 500 days on; each renewal names the owner's person.
    expect(far.renew.length).toBeGreaterThan(0);
    expect(far.renew.some((item: { owner: { name?: string } }) => item.owner.name === 'Priya Raman')).toBe(
      true,
    );
    const table = await run('forecast', '--workspace', 'ws', '--at', later);
    expect(table.out).toMatch(
      new RegExp(`^Forecast for ${later}T00:00:00.000Z, if no new evidence arrives:`),
    );
    expect(table.out).toMatch(/\n {2}Clauses 4 to 10: \d+ of 27 compliant then/);
    expect(table.out).toContain('Evidence to renew before then');
    expect(table.out).toContain('Priya Raman (ai-governance-lead)');
    const past = await run('forecast', '--workspace', 'ws', '--at', '2020-01-01');
    expect(past.code).toBe(EXIT.usage);
    expect(past.err).toContain('--at 2020-01-01 is not after now');
    const bad = await run('forecast', '--workspace', 'ws', '--at', 'soon');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain('"soon" is not a date');
  });

  it('exports a bundle signed with the data folder key that aims verify accepts, reproducibly', async () => {
    // By default the key goes where export (and npm start) look for it: <data>/keys.
    const keys = await run('keys', 'init', '--workspace', 'ws');
    expect(keys.code).toBe(EXIT.ok);
    expect(keys.out).toContain('public key   ws/.aims/keys/signing-key.pub.pem');
    const made = await run('export', '--workspace', 'ws', '--out', 'bundle.zip');
    expect(made.err).toBe('');
    expect(made.code).toBe(EXIT.ok);
    expect(made.out).toMatch(/^aims export: wrote bundle\.zip\n/);
    expect(made.out).toMatch(
      /signature {2}signed, Ed25519 key [0-9a-f]{64} \(ws\/\.aims\/keys\/signing-key\.pem\)/,
    );
    const asOf = /as of {6}(\S+)/.exec(made.out)?.[1] ?? '';
    const sha = /sha256 {5}([0-9a-f]{64})/.exec(made.out)?.[1];
    const verified = await run('verify', 'bundle.zip', '--public-key', 'ws/.aims/keys/signing-key.pub.pem');
    expect(verified.code).toBe(EXIT.ok);
    expect(verified.out).toContain('(the public key you gave)');

    expect(await run('export', '--workspace', 'ws', '--out', 'bundle.zip')).toMatchObject({
      code: EXIT.input,
      err: 'aims: bundle.zip already exists; pass --force to replace it\n',
    });
    const twin = await run('export', '--workspace', 'ws', '--out', 'bundle.zip', '--force', '--as-of', asOf);
    expect(twin.code).toBe(EXIT.ok);
    expect(/sha256 {5}([0-9a-f]{64})/.exec(twin.out)?.[1]).toBe(sha);

    const some = await run('export', '--workspace', 'ws', '--control', 'A.2.2,A.5.2', '--as-of', asOf);
    expect(some.code).toBe(EXIT.ok);
    expect(some.out).toContain('2 controls');
    expect(some.out).toMatch(/wrote aims-bundle-kestrel-\d{8}T\d{6}Z\.zip/);
  });

  it('names the flag and value of a bad export request, and refuses a key that is not one', async () => {
    const bad = await run('export', '--workspace', 'ws', '--as-of', 'yesterday');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain("option '--as-of <instant>' argument 'yesterday' is invalid");
    expect((await run('export', '--workspace', 'ws', '--as-of', '2999-01-01T00:00:00Z')).err).toContain(
      'is in the future',
    );
    expect(await run('export', '--workspace', 'ws', '--as-of', '2001-01-01T00:00:00Z')).toMatchObject({
      code: EXIT.input,
      err: 'aims: invalid export request: --as-of: 2001-01-01T00:00:00.000Z is before the first evidence of workspace "kestrel"\n',
    });
    expect(
      await run('export', '--workspace', 'ws', '--control', 'A.99.1', '--ai-system', 'nope'),
    ).toMatchObject({
      code: EXIT.input,
      err: 'aims: invalid export request: --control: unknown control "A.99.1"; --ai-system: unknown AI system "nope"\n',
    });
    await writeFile(join(dir, 'not-a-key.pem'), 'hello');
    expect(await run('export', '--workspace', 'ws', '--signing-key', 'not-a-key.pem')).toMatchObject({
      code: EXIT.input,
      err: 'aims: not-a-key.pem is not an Ed25519 private key (PEM, PKCS#8)\n',
    });
  });

  it('checks each instance: ok, a folder it cannot read, a secret that is not set', async () => {
    const ok = await run('connectors', 'check', '--workspace', 'ws');
    expect(ok).toMatchObject({ code: EXIT.ok, err: '' });
    expect(ok.out).toMatch(/^evidence-folder \(local-folder\): ok\n/);
    expect(ok.out).toContain(`  granted  read:${join(ws, 'evidence')}\n`);
    const config = await readFile(join(ws, 'aims.yaml'), 'utf8');
    await writeFile(
      join(ws, 'more.yaml'),
      `${config}  - instance: lost-folder\n    connector: local-folder\n    config:\n      roots: [{ path: nowhere }]\n  - instance: code\n    connector: github\n    config: { tokenEnv: AIMS_TEST_GITHUB_TOKEN, org: kestrel }\n`,
    );
    const checked = await run('connectors', 'check', '--workspace', 'ws', '--config', 'ws/more.yaml');
    expect(checked.code).toBe(EXIT.rejected);
    expect(checked.out).toContain(
      'lost-folder (local-folder): missing permissions: 1 of 1 folders cannot be read',
    );
    expect(checked.out).toContain(`  missing  read:${join(ws, 'nowhere')}: `);
    expect(checked.out).toContain(
      'code (github): not checked: environment variable AIMS_TEST_GITHUB_TOKEN (connectors.code.config.tokenEnv) is not set or empty',
    );
    const notRun = await run('harvest', 'code', '--workspace', 'ws', '--config', 'ws/more.yaml');
    expect(notRun.code).toBe(EXIT.rejected);
    // A run that cannot start is recorded as a failed run, with its reason.
    expect(notRun.out).toMatch(/^code \(github\): failed, 0 records, 0 deletes, 0 skipped/m);
    expect(notRun.out).toContain('  error    secret_missing: environment variable AIMS_TEST_GITHUB_TOKEN');
  });

  it('validates the config and overlays, printing every problem as file:line: problem', async () => {
    expect(await run('config', 'validate', '--workspace', 'ws')).toMatchObject({
      code: EXIT.ok,
      out: 'aims config validate: ws/aims.yaml is valid (workspace kestrel, 1 connector instance, 2 AI systems, 12 owners, 1 overlay)\n',
    });
    const broken = (await readFile(join(ws, 'aims.yaml'), 'utf8'))
      .replace('every: 5m', 'every: often')
      .replace('path: evidence', 'path: evidence\n          include: 12')
      .concat('  - instance: tickets\n    connector: jirra\n');
    await writeFile(join(ws, 'broken.yaml'), broken);
    const checked = await run('config', 'validate', 'ws/broken.yaml');
    expect(checked.code).toBe(EXIT.rejected);
    expect(checked.out.split('\n')).toEqual([
      `ws/broken.yaml:${lineOf(broken, 'every: often')}: connectors.0.schedule.every: must be a positive interval such as 30s, 15m, 6h, 1d or milliseconds`,
      `ws/broken.yaml:${lineOf(broken, 'include: 12')}: connectors.0.config.roots.0.include: Invalid input: expected array, received number (local-folder connector config)`,
      `ws/broken.yaml:${lineOf(broken, 'jirra')}: connectors.1.connector: unknown connector 'jirra'; known: github, jira, local-folder, mlflow, s3`,
      'aims config validate: 3 problems found',
      '',
    ]);
    await mkdir(join(dir, 'other', 'overlays'), { recursive: true });
    await writeFile(join(dir, 'other', 'aims.yaml'), 'workspace: other\n');
    await writeFile(
      join(dir, 'other', 'overlays', 'soa.yaml'),
      'overlay: other\nextends: iso42001-2023\ncontrols:\n  A.99.9:\n    notApplicable:\n      justification: too short\n',
    );
    const overlay = await run('config', 'validate', '--workspace', 'other');
    expect(overlay.code).toBe(EXIT.rejected);
    expect(overlay.out).toMatch(/^other\/overlays\/soa\.yaml:\d+: /m);
    expect((await run('config', 'validate', 'nope.yaml')).err).toBe(
      'aims: cannot read nope.yaml: no such file or directory\n',
    );
  });

  it('names what it cannot use: no catalogue, no workspace, an unknown instance', async () => {
    expect(await run('gaps', '--workspace', 'ws', '--data', 'empty')).toMatchObject({
      code: EXIT.input,
      err: 'aims: no catalogue in empty yet: run `aims harvest` first, or pass --data DIR or --api URL\n',
    });
    expect(await run('score', '--workspace', 'nowhere')).toMatchObject({
      code: EXIT.input,
      err: 'aims: no workspace config at nowhere/aims.yaml; pass --workspace DIR (a folder with aims.yaml) or --config FILE\n',
    });
    expect(await run('harvest', 'nope', '--workspace', 'ws')).toMatchObject({
      code: EXIT.input,
      err: 'aims: no connector instance "nope" in the workspace; configured: evidence-folder\n',
    });
    // The environment chooses the workspace when no flag does.
    const env = aims(dir, { AIMS_WORKSPACE: 'ws' });
    expect((await env('gaps', '--format', 'json')).code).toBe(EXIT.ok);
  });

  it('lists what it could not read (path:line: problem) and tombstones what a full harvest no longer finds', async () => {
    await writeFile(
      join(ws, 'evidence', 'policies', 'broken.md'),
      '---\nkind: policy\ntitle: [unclosed\n---\n# Broken\n',
    );
    await unlink(join(ws, 'evidence', 'policies', 'privacy.md'));
    const partial = await run('harvest', '--workspace', 'ws', '--full');
    expect(partial.code).toBe(EXIT.ok);
    expect(partial.out).toMatch(
      /evidence-folder \(local-folder\): partial, \d+ records, 1 deletes, 1 skipped/,
    );
    expect(partial.out).toMatch(/\n {2}skipped {2}policies\/broken\.md:3: .*front matter.*\n/);
  });
});
