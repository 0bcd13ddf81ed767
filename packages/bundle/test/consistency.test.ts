import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { edited, readZip, writeZip } from './rezip.js';

type Entries = { name: string; bytes: Buffer }[];
const BASE = 'aims-bundle-acme-20261128T100000Z/';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const manifestLine = (entries: Entries, keep: (path: string) => boolean) =>
  entries
    .map((e) => ({ path: e.name.slice(BASE.length), bytes: e.bytes }))
    .filter((e) => keep(e.path))
    .map((e) => `${sha256(e.bytes)}  ${e.path}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : 1))
    .join('');

/**
 * What a careful forger does after editing a payload file: brings manifest.json's file list,
 * the payload manifest, Payload-Oxum and the tag manifest up to date, so only the cross-checks
 * between manifest.json and the derived files can notice.
 */
function forge(entries: Entries, path: string, edit: (text: string) => string): Entries {
  let out = edited(entries, BASE + path, (b) => Buffer.from(edit(b.toString('utf8'))));
  const changed = out.find((e) => e.name === BASE + path)!.bytes;
  out = edited(out, `${BASE}data/manifest.json`, (b) => {
    const manifest = JSON.parse(b.toString('utf8'));
    for (const file of manifest.files)
      if (file.path === path) Object.assign(file, { sha256: sha256(changed), size: changed.length });
    return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  });
  out = edited(out, `${BASE}manifest-sha256.txt`, () =>
    Buffer.from(manifestLine(out, (p) => p.startsWith('data/'))),
  );
  const payload = out.filter((e) => e.name.startsWith(`${BASE}data/`));
  const oxum = `${payload.reduce((s, e) => s + e.bytes.length, 0)}.${payload.length}`;
  out = edited(out, `${BASE}bag-info.txt`, (b) =>
    Buffer.from(b.toString('utf8').replace(/Payload-Oxum: .*/, `Payload-Oxum: ${oxum}`)),
  );
  return edited(out, `${BASE}tagmanifest-sha256.txt`, () =>
    Buffer.from(manifestLine(out, (p) => !p.startsWith('data/') && p !== 'tagmanifest-sha256.txt')),
  );
}

describe('verifyBundle cross-checks manifest.json with the CSV and OSCAL files', () => {
  let fixture: Fixture;
  let original: Entries;
  let n = 0;
  const check = async (entries: Entries) =>
    verifyBundle(await writeZip(join(fixture.dir, `f${++n}.zip`), entries));
  beforeAll(async () => {
    fixture = await makeFixture();
    original = await readZip(await fixture.write('unsigned.zip'));
  });
  afterAll(() => fixture.dispose());

  it('accepts a forgery that changes nothing, so the rewrite itself is sound', async () => {
    expect((await check(forge(original, 'data/report/gaps.csv', (t) => t))).ok).toBe(true);
  });

  it('rejects a CSV whose rows disagree with manifest.json, naming the file, row and column', async () => {
    const result = await check(
      forge(original, 'data/report/controls.csv', (t) => t.replace('not_compliant', 'compliant')),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: { check: 'report', code: 'disagrees', file: 'data/report/controls.csv' },
    });
    if (!result.ok) expect(result.failure.message).toContain('row 2, status');
    const dropped = await check(
      forge(original, 'data/report/gaps.csv', (t) => t.split('\n').slice(0, 2).join('\n')),
    );
    expect(dropped).toMatchObject({ ok: false, failure: { check: 'report', file: 'data/report/gaps.csv' } });
  });

  it('rejects OSCAL results that disagree with manifest.json', async () => {
    const collected = await check(
      forge(original, 'data/oscal/assessment-results.json', (t) =>
        t.replace('"collected": "2026-11-20T09:00:00.000Z"', '"collected": "2026-11-27T09:00:00.000Z"'),
      ),
    );
    expect(collected).toMatchObject({
      ok: false,
      failure: { check: 'oscal', file: 'data/oscal/assessment-results.json' },
    });
    if (!collected.ok) expect(collected.failure.message).toContain('collected 2026-11-27');
    const noFindings = await check(
      forge(original, 'data/oscal/assessment-results.json', (t) => {
        const doc = JSON.parse(t);
        delete doc['assessment-results'].results[0].findings;
        return JSON.stringify(doc);
      }),
    );
    expect(noFindings).toMatchObject({ ok: false, failure: { check: 'oscal' } });
    if (!noFindings.ok) expect(noFindings.failure.message).toContain('no finding for A.2.3');
  });
});
