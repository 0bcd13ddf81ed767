import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BundleInput, contentFromBlobStore, generateSigningKey, writeBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { readZip } from './rezip.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const reversed = (input: BundleInput): BundleInput => ({
  ...input,
  versions: [...input.versions].reverse(),
  controls: [...input.controls].reverse(),
  objectives: [...input.objectives].reverse(),
  applicability: [...input.applicability].reverse(),
  gaps: [...input.gaps].reverse(),
});

describe('writeBundle', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await makeFixture();
  });
  afterAll(() => fixture.dispose());

  it('writes the same bytes for the same input, whatever order it arrives in', async () => {
    const key = generateSigningKey().privateKeyPem;
    const a = await readFile(await fixture.write('a.zip', { signingKey: key }));
    const b = await readFile(await fixture.write('b.zip', { signingKey: key }));
    const c = await readFile(await fixture.write('c.zip', { signingKey: key }, reversed(fixture.input)));
    expect(sha(b)).toBe(sha(a));
    expect(sha(c)).toBe(sha(a));
    const later = await readFile(
      await fixture.write('d.zip', { signingKey: key }, { ...fixture.input, asOf: '2026-11-29T10:00:00Z' }),
    );
    expect(sha(later)).not.toBe(sha(a));
  });

  it('lays the bag out in one base directory with the BagIt files, payload and signature', async () => {
    const entries = await readZip(
      await fixture.write('layout.zip', { signingKey: generateSigningKey().privateKeyPem }),
    );
    const names = entries.map((e) => e.name);
    const base = 'aims-bundle-acme-20261128T100000Z/';
    expect(names[0]).toBe(`${base}bagit.txt`);
    expect(names.every((n) => n.startsWith(base))).toBe(true);
    for (const file of [
      'bag-info.txt',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
      'data/manifest.json',
      'data/report/index.html',
      'data/report/controls.csv',
      'data/report/evidence.csv',
      'data/report/gaps.csv',
      'data/oscal/assessment-results.json',
      'signature/envelope.dsse.json',
      'signature/public-key.pem',
    ]) {
      expect(names).toContain(base + file);
    }
    const evidence = names.filter((n) => n.includes('/data/evidence/')).map((n) => n.slice(base.length));
    expect(evidence).toEqual([
      'data/evidence/acme/folder/policies-ai-policy-md-ef8ffbfb4521/1.md',
      'data/evidence/acme/folder/policies-ai-policy-md-ef8ffbfb4521/2.md',
      'data/evidence/acme/github/repo-acme-models-branch-protection-04b2b518dee3/1.record.json',
      'data/evidence/acme/github/repo-acme-models-run-77-3c79268fb4a9/1.txt',
      'data/evidence/acme/s3/bucket-evidence-model-card-pdf-4e7e29dfa94e/3.pdf',
    ]);
    const text = (file: string) => entries.find((e) => e.name === base + file)?.bytes.toString('utf8') ?? '';
    expect(text('bagit.txt')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(text('bag-info.txt')).toMatch(
      /^Source-Organization: Acme Analytics Ltd\nBagging-Date: 2026-11-28\nPayload-Oxum: \d+\.11\n/,
    );
    const record = JSON.parse(
      text('data/evidence/acme/github/repo-acme-models-branch-protection-04b2b518dee3/1.record.json'),
    );
    expect(record.attributes).toEqual({
      branch: 'main',
      enforceAdmins: true,
      repo: 'acme/models',
      requiredReviews: 2,
    });
  });

  it('declares an unsigned bag as unsigned in bag-info.txt and manifest.json', async () => {
    const entries = await readZip(await fixture.write('unsigned.zip'));
    const text = (file: string) => entries.find((e) => e.name.endsWith(file))?.bytes.toString('utf8') ?? '';
    expect(text('bag-info.txt')).toContain('AIMS-Signature: unsigned\n');
    expect(JSON.parse(text('data/manifest.json')).signature).toEqual({ status: 'unsigned' });
    expect(entries.some((e) => e.name.includes('/signature/'))).toBe(false);
  });

  it('fails the export when content does not match its recorded SHA-256 or size, and destroys the output', async () => {
    const [first] = fixture.input.versions;
    const forged = await fixture.store.put('# AI policy, edited after collection\n');
    const bad = {
      ...fixture.input,
      versions: [
        {
          ...first!,
          content: {
            ...first!.content!,
            sha256: first!.content!.sha256,
            blobKey: forged.key,
            size: forged.size,
          },
        },
        ...fixture.input.versions.slice(1),
      ],
    };
    await expect(fixture.write('bad.zip', {}, bad)).rejects.toMatchObject({
      code: 'bundle_content_mismatch',
      message: expect.stringContaining('acme/folder/policies/ai-policy.md version 2'),
    });
    const wrongSize = {
      ...fixture.input,
      versions: [
        { ...first!, content: { ...first!.content!, size: first!.content!.size - 1 } },
        ...fixture.input.versions.slice(1),
      ],
    };
    await expect(fixture.write('short.zip', {}, wrongSize)).rejects.toMatchObject({
      code: 'bundle_content_mismatch',
    });
    let destroyed = false;
    const sink = new Writable({ write: (_c, _e, done) => done() });
    sink.on('close', () => {
      destroyed = true;
    });
    await expect(
      writeBundle(bad, sink, { openContent: contentFromBlobStore(fixture.store) }),
    ).rejects.toThrow();
    expect(destroyed).toBe(true);
  });

  it('fails clearly when content is missing or the input breaks a rule', async () => {
    const [first] = fixture.input.versions;
    const missing = {
      ...fixture.input,
      versions: [
        { ...first!, content: { ...first!.content!, sha256: 'a'.repeat(64) } },
        ...fixture.input.versions.slice(1),
      ],
    };
    await expect(fixture.write('missing.zip', {}, missing)).rejects.toMatchObject({
      code: 'bundle_content_missing',
    });
    const broken = {
      ...fixture.input,
      asOf: 'yesterday',
      versions: [...fixture.input.versions, fixture.input.versions[0]!],
    };
    await expect(fixture.write('broken.zip', {}, broken)).rejects.toMatchObject({
      code: 'invalid_bundle_input',
      details: expect.arrayContaining([
        { path: '/asOf', message: 'must be an ISO 8601 date-time with a zone' },
        { path: '/versions/5', message: 'acme/folder/policies/ai-policy.md version 2 appears twice' },
      ]),
    });
    await expect(fixture.write('key.zip', { signingKey: 'not a key' })).rejects.toMatchObject({
      code: 'invalid_signing_key',
    });
  });

  it('fails with the version named when the store cannot open content, and closes what it opened ahead', async () => {
    const failing = fixture.input.versions.map((v) => ({ ...v }));
    const broken = async () => {
      throw new Error('store offline');
    };
    const sink = () => new Writable({ write: (_c, _e, done) => done() });
    await expect(writeBundle(fixture.input, sink(), { openContent: broken })).rejects.toMatchObject({
      code: 'bundle_write_failed',
      retriable: true,
      message: expect.stringContaining('acme/folder/policies/ai-policy.md version 1'),
    });
    const opened: Readable[] = [];
    const store = contentFromBlobStore(fixture.store);
    const tracking = async (content: Parameters<typeof store>[0]) => {
      const stream = (await store(content)) as Readable;
      opened.push(stream);
      return stream;
    };
    // The first version in bag order fails, while the second is already open.
    const wrong = {
      ...fixture.input,
      versions: failing.map((v) =>
        v.version === 1 && v.kind === 'policy.document' ? { ...v, content: { ...v.content!, size: 1 } } : v,
      ),
    };
    await expect(writeBundle(wrong, sink(), { openContent: tracking })).rejects.toMatchObject({
      code: 'bundle_content_mismatch',
    });
    await vi.waitFor(() => {
      expect(opened).toHaveLength(4);
      expect(opened.map((stream) => stream.destroyed)).toEqual([true, true, true, true]);
    });
  });

  it('opens content ahead of the copy, never more streams at once than asked', async () => {
    const store = contentFromBlobStore(fixture.store);
    let open = 0;
    let most = 0;
    const counting = async (content: Parameters<typeof store>[0]) => {
      const stream = (await store(content)) as Readable;
      most = Math.max(most, ++open);
      stream.on('close', () => open--);
      return stream;
    };
    const sink = new Writable({ write: (_c, _e, done) => done() });
    await writeBundle(fixture.input, sink, { openContent: counting, openAhead: 1 });
    expect(most).toBe(2);
  });

  it('writes the same bytes in any time zone', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = new URL('./write-in-zone.ts', import.meta.url).pathname;
    const tsx = new URL('../../../node_modules/.bin/tsx', import.meta.url).pathname;
    const digests = ['UTC', 'Pacific/Chatham', 'America/Los_Angeles'].map((tz) =>
      execFileSync(tsx, ['--conditions=source', script], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }).trim(),
    );
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(digests).size).toBe(1);
  });
});
