import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, verifyBundle } from '../src/index.js';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope } from '../src/signing/dsse.js';
import { loadPrivateKey } from '../src/signing/keys.js';
import { type Fixture, makeFixture } from './fixture.js';
import { edited, flipped, readZip, writeZip } from './rezip.js';

const BASE = 'aims-bundle-acme-20261128T100000Z/';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Recomputes tagmanifest-sha256.txt after a tag file was changed on purpose. */
function retagged(entries: { name: string; bytes: Buffer }[]): { name: string; bytes: Buffer }[] {
  const tags = entries.filter(
    (e) => !e.name.startsWith(`${BASE}data/`) && !e.name.endsWith('tagmanifest-sha256.txt'),
  );
  const text = tags
    .map((e) => `${sha256(e.bytes)}  ${e.name.slice(BASE.length)}\n`)
    .sort()
    .join('');
  return edited(entries, `${BASE}tagmanifest-sha256.txt`, () => Buffer.from(text));
}

describe('verifyBundle against tampering', () => {
  let fixture: Fixture;
  let original: { name: string; bytes: Buffer }[];
  let signer: ReturnType<typeof generateSigningKey>;
  let n = 0;
  const tampered = (entries: { name: string; bytes: Buffer }[]) =>
    writeZip(join(fixture.dir, `t${++n}.zip`), entries);

  beforeAll(async () => {
    fixture = await makeFixture();
    signer = generateSigningKey();
    const file = await fixture.write('signed.zip', { signingKey: signer.privateKeyPem });
    original = await readZip(file);
    expect((await verifyBundle(file)).ok).toBe(true);
    expect((await verifyBundle(await tampered(original))).ok).toBe(true);
  });
  afterAll(() => fixture.dispose());

  it('rejects a changed byte in every file of the bag, naming the file', async () => {
    expect(original).toHaveLength(17);
    for (const entry of original) {
      const path = entry.name.slice(BASE.length);
      for (const edit of [flipped, (b: Buffer) => Buffer.from([b[0]! ^ 1, ...b.subarray(1)])]) {
        const result = await verifyBundle(await tampered(edited(original, entry.name, edit)));
        expect(result.ok, `changing ${path}`).toBe(false);
        if (!result.ok) expect(result.failure.message, `changing ${path}`).toContain(path);
      }
    }
  });

  it('rejects a bag with any file deleted, naming it', async () => {
    for (const entry of original) {
      const path = entry.name.slice(BASE.length);
      const result = await verifyBundle(await tampered(edited(original, entry.name, () => undefined)));
      expect(result.ok, `deleting ${path}`).toBe(false);
      if (!result.ok) expect(result.failure.message, `deleting ${path}`).toContain(path.split('/').pop());
    }
  });

  it('rejects an added file in the payload, among the tag files and outside the bag', async () => {
    for (const name of [
      `${BASE}data/evidence/extra.txt`,
      `${BASE}notes.txt`,
      `${BASE}signature/extra.sig`,
      'outside.txt',
    ]) {
      const result = await verifyBundle(
        await tampered([...original, { name, bytes: Buffer.from('added after signing\n') }]),
      );
      expect(result.ok, name).toBe(false);
      if (!result.ok) expect(result.failure.message).toContain(name.replace(BASE, ''));
    }
  });

  it('rejects an edited signature, even with the tag manifest brought up to date', async () => {
    const envelopeName = `${BASE}signature/envelope.dsse.json`;
    const envelope = JSON.parse(original.find((e) => e.name === envelopeName)!.bytes.toString('utf8'));
    const other = signEnvelope(
      Buffer.from(envelope.payload, 'base64'),
      IN_TOTO_PAYLOAD_TYPE,
      loadPrivateKey(generateSigningKey().privateKeyPem),
      'x',
    );
    const forged = {
      ...envelope,
      signatures: [{ keyid: envelope.signatures[0].keyid, sig: other.signatures[0]!.sig }],
    };
    const result = await verifyBundle(
      await tampered(retagged(edited(original, envelopeName, () => Buffer.from(JSON.stringify(forged))))),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: { check: 'signature', code: 'bad_signature', file: 'signature/envelope.dsse.json' },
    });
  });

  it('rejects a bag whose payload manifest was rewritten to cover a changed file', async () => {
    const manifestName = `${BASE}manifest-sha256.txt`;
    const evidence = original.find((e) => e.name.endsWith('/3.pdf'))!;
    const changed = flipped(evidence.bytes);
    const payloadText = original
      .find((e) => e.name === manifestName)!
      .bytes.toString('utf8')
      .replace(sha256(evidence.bytes), sha256(changed));
    const entries = retagged(
      edited(
        edited(original, evidence.name, () => changed),
        manifestName,
        () => Buffer.from(payloadText),
      ),
    );
    const result = await verifyBundle(await tampered(entries));
    expect(result).toMatchObject({ ok: false, failure: { check: 'manifest-json', code: 'digest_mismatch' } });
    if (!result.ok) expect(result.failure.message).toContain('3.pdf');
  });

  it('checks the signature against a given public key and says which key it used', async () => {
    const file = await tampered(original);
    expect(await verifyBundle(file, { publicKey: signer.publicKeyPem })).toMatchObject({
      ok: true,
      signature: { status: 'valid', key: 'given', keyId: signer.keyId },
    });
    expect(await verifyBundle(file)).toMatchObject({
      ok: true,
      signature: { status: 'valid', key: 'embedded' },
    });
    const stranger = generateSigningKey();
    expect(await verifyBundle(file, { publicKey: stranger.publicKeyPem })).toMatchObject({
      ok: false,
      failure: { check: 'signature', code: 'wrong_key' },
    });
    expect(await verifyBundle(file, { publicKey: 'garbage' })).toMatchObject({
      ok: false,
      failure: { code: 'invalid_key' },
    });
  });
});
