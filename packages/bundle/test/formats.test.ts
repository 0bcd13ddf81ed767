import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatBagInfo, formatManifest, parseBagInfo, parseManifest } from '../src/bag/bagit.js';
import { compareIds } from '../src/bag/order.js';
import { artifactFolder, bagName, extensionFor, isCompressible, slug } from '../src/bag/paths.js';
import { uuidV5 } from '../src/oscal/uuid.js';
import { IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope, verifyEnvelope } from '../src/signing/dsse.js';
import { dosDateTime } from '../src/zip/zip-format.js';

const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('DSSE', () => {
  it('encodes PAE as the DSSE v1.0 test vector does', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
    expect(pae('t', Buffer.from('é')).toString('latin1')).toBe('DSSEv1 1 t 2 Ã©');
  });

  it('verifies its own envelopes, in standard or URL-safe base64, and nothing else', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const envelope = signEnvelope(Buffer.from('{"a":1}'), IN_TOTO_PAYLOAD_TYPE, privateKey, 'k');
    expect(verifyEnvelope(envelope, publicKey, IN_TOTO_PAYLOAD_TYPE)).toEqual({
      ok: true,
      payload: Buffer.from('{"a":1}'),
    });
    const urlSafe = {
      ...envelope,
      signatures: [{ sig: Buffer.from(envelope.signatures[0]!.sig, 'base64').toString('base64url') }],
    };
    expect(verifyEnvelope(urlSafe, publicKey, IN_TOTO_PAYLOAD_TYPE).ok).toBe(true);
    expect(
      verifyEnvelope({ ...envelope, payloadType: 'application/json' }, publicKey, IN_TOTO_PAYLOAD_TYPE).ok,
    ).toBe(false);
    expect(
      verifyEnvelope(
        { ...envelope, payload: Buffer.from('{"a":2}').toString('base64') },
        publicKey,
        IN_TOTO_PAYLOAD_TYPE,
      ).ok,
    ).toBe(false);
    expect(verifyEnvelope({ payload: 1 }, publicKey, IN_TOTO_PAYLOAD_TYPE)).toMatchObject({ ok: false });
  });
});

describe('UUID v5', () => {
  it('matches RFC 9562 name-based UUIDs', () => {
    expect(uuidV5('www.example.com', DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('python.org', DNS)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('same name')).toBe(uuidV5('same name'));
  });
});

describe('BagIt text files', () => {
  it('round-trips manifests, percent-encoding line breaks and % in paths', () => {
    const entries = [
      { path: 'data/b.txt', sha256: 'b'.repeat(64) },
      { path: 'data/a\nodd%name.txt', sha256: 'a'.repeat(64) },
    ];
    const text = formatManifest(entries);
    expect(text).toBe(`${'a'.repeat(64)}  data/a%0Aodd%25name.txt\n${'b'.repeat(64)}  data/b.txt\n`);
    expect([...parseManifest(text, 'm')]).toEqual([
      ['data/a\nodd%name.txt', 'a'.repeat(64)],
      ['data/b.txt', 'b'.repeat(64)],
    ]);
    expect(() => parseManifest('abc data/x\n', 'manifest-sha256.txt')).toThrow('manifest-sha256.txt: line 1');
    expect(() => parseManifest(`${'a'.repeat(64)} x\n${'b'.repeat(64)}\tx\n`, 'm')).toThrow('a second time');
  });

  it('writes bag-info values on one line and reads continuation lines', () => {
    expect(formatBagInfo([['Source-Organization', 'Acme\nLtd']])).toBe('Source-Organization: Acme Ltd\n');
    expect(parseBagInfo('A: one\n  two\nB:three\n')).toEqual([
      ['A', 'one two'],
      ['B', 'three'],
    ]);
    expect(() => parseBagInfo('no label here\n')).toThrow('line 1');
  });
});

describe('bag paths', () => {
  it('turns artifact keys into safe, distinct folders', () => {
    expect(slug('Ünïcode / Policy: v2.md')).toBe('unicode-policy-v2-md');
    expect(slug('../..')).toBe('item');
    const a = artifactFolder('acme/github/repo:acme/models:file:docs/AI Policy.md');
    expect(a).toMatch(/^evidence\/acme\/github\/repo-acme-models-file-docs-ai-policy-md-[0-9a-f]{12}$/);
    expect(artifactFolder('acme/github/repo:acme/models:file:docs/ai-policy.md')).not.toBe(a);
    expect(artifactFolder('no-slashes')).toMatch(/^evidence\/item\/item\/no-slashes-[0-9a-f]{12}$/);
  });

  it('names extensions and compressibility from media types', () => {
    expect(extensionFor('text/markdown; charset=utf-8')).toBe('md');
    expect(extensionFor('application/x-unknown')).toBe('bin');
    expect(isCompressible('application/vnd.api+json')).toBe(true);
    expect(isCompressible('application/pdf')).toBe(false);
    expect(bagName('Acme Corp', '2026-11-28T11:00:00+01:00')).toBe('aims-bundle-acme-corp-20261128T100000Z');
    expect(bagName('acme', '2026-11-28T10:00:00.250Z')).toBe('aims-bundle-acme-20261128T100000250Z');
  });

  it('orders control ids numerically and dates entries in UTC', () => {
    expect(['A.10.1', 'A.2.2', 'A.9.4', 'A.2.10'].sort(compareIds)).toEqual([
      'A.2.2',
      'A.2.10',
      'A.9.4',
      'A.10.1',
    ]);
    // 2026-11-29 04:30:10 UTC: DOS date (46 << 9 | 11 << 5 | 29), time (4 << 11 | 30 << 5 | 10 / 2).
    expect(dosDateTime(new Date('2026-11-28T23:30:10-05:00'))).toEqual({
      dosDate: (46 << 9) | (11 << 5) | 29,
      dosTime: (4 << 11) | (30 << 5) | 5,
    });
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z')).dosDate).toBe((1 << 5) | 1);
  });
});
