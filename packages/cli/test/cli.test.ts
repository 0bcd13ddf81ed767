import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, EXIT, runCli } from '../src/index.js';
import { smallBundle } from './bundles.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('aims', () => {
  let dir: string;
  const run = async (...argv: string[]): Promise<Run> => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd: dir };
    const code = await runCli(argv, io);
    return { code, out, err };
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists its commands, gives help on each, and exits 2 on usage errors', async () => {
    const help = await run('--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toMatch(/verify \[options\] <bundle>/);
    for (const command of ['export', 'verify', 'keys', 'gaps', 'score', 'harvest', 'connectors', 'config'])
      expect(help.out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.out).toContain('Exit codes:');
    for (const argv of [
      ['export', '--help'],
      ['verify', '--help'],
      ['keys', '--help'],
      ['keys', 'init', '--help'],
      ['gaps', '--help'],
      ['gaps', 'sync-jira', '--help'],
      ['score', '--help'],
      ['harvest', '--help'],
      ['connectors', '--help'],
      ['connectors', 'check', '--help'],
      ['config', '--help'],
      ['config', 'validate', '--help'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(EXIT.ok);
      expect(r.out, argv.join(' ')).toMatch(/^Usage: aims /);
    }
    expect((await run('keys', 'init', '--help')).out).toContain('signing-key.pem (mode 0600)');
    for (const flag of ['--as-of', '--control', '--ai-system', '--out', '--api', '--workspace', '--data'])
      expect((await run('export', '--help')).out).toContain(flag);
    expect((await run('gaps', '--help')).out).toContain('table, csv');
    expect((await run('harvest', '--help')).out).toContain('--full');
    expect(await run('gaps', '--format', 'xml')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining("argument 'xml' is invalid"),
    });
    expect(await run('gaps', '--api', 'not a url')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('"not a url" is not a URL'),
    });
    expect(await run('gaps', '--api', 'http://127.0.0.1:1', '--data', 'x')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('give one or the other'),
    });
    expect(await run('nope')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining("unknown command 'nope'"),
    });
    expect((await run('verify')).code).toBe(EXIT.usage);
    expect((await run('verify', 'x.zip', '--bogus')).code).toBe(EXIT.usage);
    expect((await run('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('verifies a good bundle with a summary and exit 0', async () => {
    const bundle = await smallBundle(dir, 'good.zip');
    const r = await run('verify', bundle);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('aims verify: OK aims-bundle-acme-20261128T100000Z');
    expect(r.out).toContain('signature     none: the bundle is unsigned');
    const json = await run('verify', bundle, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, summary: { versions: 1 } });
  });

  it('rejects a tampered or corrupt bundle with exit 1, naming the file, and no stack trace', async () => {
    const bundle = await smallBundle(dir, 'tamper.zip');
    const bytes = await readFile(bundle);
    const at = bytes.indexOf(Buffer.from('Approved.'));
    expect(at).toBeGreaterThan(0);
    bytes[at] = (bytes[at] ?? 0) ^ 1;
    await writeFile(join(dir, 'tampered.zip'), bytes);
    const tampered = await run('verify', 'tampered.zip');
    expect(tampered.code).toBe(EXIT.rejected);
    expect(tampered.err).toContain('data/evidence/acme/folder/ai-policy-md-');
    await writeFile(join(dir, 'corrupt.zip'), bytes.subarray(0, 100));
    const corrupt = await run('verify', 'corrupt.zip');
    expect(corrupt.code).toBe(EXIT.rejected);
    expect(corrupt.err).toContain('corrupt.zip: not a readable ZIP file');
    expect(corrupt.err).not.toMatch(/\n\s+at /);
    expect(await run('verify', 'absent.zip')).toMatchObject({
      code: EXIT.input,
      err: 'aims: cannot read absent.zip: no such file or directory\n',
    });
  });

  it('creates a key pair without printing the private key, refuses to overwrite it, and signs with it', async () => {
    const first = await run('keys', 'init', '--out', 'keys');
    expect(first.code).toBe(EXIT.ok);
    expect(first.out + first.err).not.toContain('PRIVATE KEY');
    const privateKey = join(dir, 'keys', 'signing-key.pem');
    expect((await stat(privateKey)).mode & 0o777).toBe(0o600);
    expect(await readFile(privateKey, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(first.out).toContain('keys/signing-key.pub.pem');
    expect(await run('keys', 'init', '--out', 'keys')).toMatchObject({
      code: EXIT.input,
      err: expect.stringContaining('already exists'),
    });
    const pem = await readFile(privateKey, 'utf8');
    expect((await run('keys', 'init', '--out', 'keys', '--force')).code).toBe(EXIT.ok);
    expect(await readFile(privateKey, 'utf8')).not.toBe(pem);

    const signed = await smallBundle(dir, 'signed.zip', await readFile(privateKey, 'utf8'));
    const given = await run('verify', signed, '--public-key', 'keys/signing-key.pub.pem');
    expect(given.code).toBe(EXIT.ok);
    expect(given.out).toContain('(the public key you gave)');
    await run('keys', 'init', '--out', 'other');
    expect((await run('verify', signed, '--public-key', 'other/signing-key.pub.pem')).code).toBe(
      EXIT.rejected,
    );
    expect((await run('verify', signed, '--public-key', 'missing.pem')).code).toBe(EXIT.input);
    await writeFile(join(dir, 'not-a-key.pem'), 'hello');
    expect(await run('verify', signed, '--public-key', 'not-a-key.pem')).toMatchObject({
      code: EXIT.input,
      err: expect.stringContaining('not an Ed25519 public key'),
    });
  });
});
