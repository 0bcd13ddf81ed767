import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { canonicalJson } from '@aims/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJsonChunks } from './canonical-json.js';
import { INLINE_JSON_BYTES, jsonContent } from './draft-content.js';
import { scrubText } from './scrub.js';
import { digestOf } from './store-content.js';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(body: Uint8Array | (() => Readable | AsyncIterable<Uint8Array>)): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('canonicalJsonChunks', () => {
  it('gives exactly the canonical JSON of @aims/core (canonicalize) for any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        (value) => [...canonicalJsonChunks(value)].join('') === canonicalJson(value),
      ),
      { numRuns: 300 },
    );
  });

  it('leaves out undefined properties, nulls undefined array items and honours toJSON, as canonicalize does', () => {
    const value = { b: undefined, a: [1, undefined, new Date('2026-01-01T00:00:00Z')], é: 'x', z: { y: -0 } };
    expect([...canonicalJsonChunks(value)].join('')).toBe(canonicalJson(value));
  });

  it('hands a large value out in pieces, never as one string', () => {
    const big = {
      packages: Array.from({ length: 20_000 }, (_, i) => ({ name: `pkg-${i}`, version: '1.0.0' })),
    };
    const chunks = [...canonicalJsonChunks(big)];
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    expect(chunks.join('')).toBe(canonicalJson(big));
  });

  it('refuses values without a JSON form, naming the problem', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => [...canonicalJsonChunks(cyclic)]).toThrow(/cycle/);
    expect(() => [...canonicalJsonChunks({ n: Number.NaN })]).toThrow(/cannot be canonicalised/);
  });
});

describe('jsonContent', () => {
  it('describes the canonical JSON bytes: application/json, their sha256 and size, the same for any key order', async () => {
    const one = jsonContent({ title: 'Fix bias metric', reviews: [{ user: 'carol', state: 'APPROVED' }] });
    const two = jsonContent({ reviews: [{ state: 'APPROVED', user: 'carol' }], title: 'Fix bias metric' });
    const bytes = await bytesOf(one.body);
    expect(bytes.toString('utf8')).toBe(
      '{"reviews":[{"state":"APPROVED","user":"carol"}],"title":"Fix bias metric"}',
    );
    expect(one.content).toEqual({
      sha256: sha(bytes),
      mediaType: 'application/json',
      size: bytes.byteLength,
    });
    expect(two.content).toEqual(one.content);
    expect(jsonContent({ a: 1 }, { mediaType: 'application/vnd.x+json' }).content.mediaType).toBe(
      'application/vnd.x+json',
    );
  });

  it('streams a value above the inline limit from its serialisation, with the same digest', async () => {
    const big = { items: Array.from({ length: 40_000 }, (_, i) => ({ id: i, text: 'x'.repeat(20) })) };
    const { content, body } = jsonContent(big);
    expect(content.size).toBeGreaterThan(INLINE_JSON_BYTES);
    expect(body).toBeTypeOf('function');
    const opened = (body as () => Readable)();
    expect(await digestOf(opened)).toEqual({ sha256: content.sha256, size: content.size });
    expect(JSON.parse((await bytesOf(body)).toString('utf8'))).toEqual(big);
  });

  it('redacts credentials in URLs and tokens of known shapes from every string of the projection', async () => {
    const { body } = jsonContent({
      source:
        'https://acme-data.s3.amazonaws.com/loans.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123def456&X-Amz-Credential=AKIAEXAMPLE%2F20261101',
      git: 'https://ci-bot:s3cr3tPassw0rd@github.com/acme/models.git',
      note: `pasted ${'ghp_'}abcdefghijklmnopqrstuvwxyz0123456789 by mistake`,
      plain: 'https://github.com/acme/models/pull/12',
    });
    const text = (await bytesOf(body)).toString('utf8');
    for (const secret of ['abc123def456', 'AKIAEXAMPLE', 's3cr3tPassw0rd', 'ghp_abcdefghijklmnop'])
      expect(text).not.toContain(secret);
    expect(text).toContain('https://github.com/acme/models/pull/12');
    expect(text).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
  });
});

describe('scrubText', () => {
  it('keeps text without credentials exactly as it was', () => {
    // Random short text holds no URL and is too short for any token shape.
    fc.assert(fc.property(fc.string({ maxLength: 16 }), (text) => scrubText(text) === text));
    const url = 'https://example.com/a%20b?author=alice&design=1';
    expect(scrubText(`see ${url} for details`)).toBe(`see ${url} for details`);
  });

  it('redacts tokens in query strings and user info', () => {
    expect(scrubText('https://h.example/x?access_token=t0k3n&page=2')).toBe(
      'https://h.example/x?access_token=%5BREDACTED%5D&page=2',
    );
    expect(scrubText('https://user:pw@h.example/x')).toBe('https://h.example/x');
    expect(scrubText('https://acct.blob.core.windows.net/c/b?sv=2022&sig=Zm9v')).not.toContain('Zm9v');
  });
});

describe('digestOf', () => {
  it('hashes a stream chunk by chunk', async () => {
    const parts = ['ab', 'cd', 'ef'].map((p) => Buffer.from(p));
    expect(await digestOf(Readable.from(parts))).toEqual({ sha256: sha('abcdef'), size: 6 });
  });
});
