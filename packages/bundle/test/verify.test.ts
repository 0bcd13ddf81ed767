import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS, generateSigningKey, verifyBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';

describe('verifyBundle', () => {
  let fixture: Fixture;
  let unsigned: string;
  beforeAll(async () => {
    fixture = await makeFixture();
    unsigned = await fixture.write('unsigned.zip');
  });
  afterAll(() => fixture.dispose());

  it('accepts an unsigned bundle, runs every check and reports it as unsigned', async () => {
    const result = await verifyBundle(unsigned);
    expect(result).toMatchObject({
      ok: true,
      passed: [...CHECKS],
      signature: { status: 'unsigned' },
      summary: {
        bag: 'aims-bundle-acme-20261128T100000Z',
        organisation: 'Acme Analytics Ltd',
        workspace: 'acme',
        asOf: '2026-11-28T10:00:00Z',
        files: 15,
        payloadFiles: 11,
        versions: 5,
        controls: 4,
        gaps: 2,
        auditChainHead: { seq: 412, hash: 'c'.repeat(64) },
      },
    });
  });

  it('rejects an unsigned bundle when a public key is required', async () => {
    const result = await verifyBundle(unsigned, { publicKey: generateSigningKey().publicKeyPem });
    expect(result).toMatchObject({
      ok: false,
      failure: { check: 'signature', code: 'unsigned', file: 'data/manifest.json' },
    });
  });

  it('accepts a signed bundle with the embedded key and with the signer key given', async () => {
    const signer = generateSigningKey();
    const signed = await fixture.write('signed.zip', { signingKey: signer.privateKeyPem });
    expect(await verifyBundle(signed)).toMatchObject({
      ok: true,
      signature: { status: 'valid', key: 'embedded', keyId: signer.keyId },
    });
    expect(await verifyBundle(signed, { publicKey: signer.privateKeyPem })).toMatchObject({
      ok: true,
      signature: { key: 'given' },
    });
  });

  it('reports a corrupt, truncated or missing ZIP as a failed zip check with a message', async () => {
    const bytes = await readFile(unsigned);
    const cases: [string, Buffer | undefined][] = [
      ['truncated.zip', bytes.subarray(0, Math.floor(bytes.length / 2))],
      ['text.zip', Buffer.from('this is not a zip file\n')],
      ['empty.zip', Buffer.alloc(0)],
      ['absent.zip', undefined],
    ];
    for (const [name, content] of cases) {
      const file = join(fixture.dir, name);
      if (content) await writeFile(file, content);
      const result = await verifyBundle(file);
      expect(result, name).toMatchObject({
        ok: false,
        passed: [],
        failure: { check: 'zip', code: 'zip_unreadable', file: name },
      });
      if (!result.ok) expect(result.failure.message).not.toMatch(/\n\s+at /);
    }
  });

  it('reports damaged entry data as a failed zip check naming the entry', async () => {
    const bytes = Buffer.from(await readFile(unsigned));
    const name = Buffer.from('data/evidence/acme/s3/bucket-evidence-model-card-pdf-4e7e29dfa94e/3.pdf');
    const at = bytes.indexOf(name) + name.length + 4000;
    bytes.fill(0xff, at, at + 64);
    const file = join(fixture.dir, 'damaged.zip');
    await writeFile(file, bytes);
    const result = await verifyBundle(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.message).toContain('3.pdf');
  });
});
