import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHashOf, sha256Hex } from './hash.js';

/** Rebuilds every object of a JSON value with its keys in a random order. */
function shuffleKeys(value: unknown, rnd: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, rnd));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, shuffleKeys(v, rnd)] as const);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
}

/** A small deterministic random source, so a failing seed replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const jsonValue = fc.jsonValue({ noUnicodeString: false });

describe('canonicalJson', () => {
  it('sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: [3, { d: 1, c: 'x' }], a: null })).toBe('{"a":null,"b":[3,{"c":"x","d":1}]}');
  });

  it('formats numbers as RFC 8785 requires', () => {
    expect(canonicalJson([1.0, 1e21, 0.000001, -0, 123.456])).toBe('[1,1e+21,0.000001,0,123.456]');
  });

  it('gives the same text whatever the key order', () => {
    fc.assert(
      fc.property(jsonValue, fc.integer(), (value, seed) => {
        expect(canonicalJson(shuffleKeys(value, seeded(seed)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('rejects values with no JSON form with a typed error', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(expect.objectContaining({ code: 'not_canonicalizable' }));
    expect(() => canonicalJson(undefined)).toThrow(expect.objectContaining({ code: 'not_canonicalizable' }));
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('contentHashOf', () => {
  const attributes = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonValue, { maxKeys: 6 });

  it('does not depend on key order at any depth', () => {
    fc.assert(
      fc.property(
        attributes,
        fc.option(fc.string(), { nil: undefined }),
        fc.boolean(),
        fc.integer(),
        (attrs, title, tombstone, seed) => {
          const fields = {
            kind: 'ml.run' as const,
            title,
            attributes: attrs,
            aiSystems: ['credit'],
            tombstone,
          };
          const shuffled = shuffleKeys(fields, seeded(seed)) as typeof fields;
          expect(Object.keys(shuffled).sort()).toEqual(Object.keys(fields).sort());
          expect(contentHashOf(shuffled)).toBe(contentHashOf(fields));
        },
      ),
    );
  });

  it('ignores fields outside the content and fields that are undefined', () => {
    const base = {
      kind: 'ml.dataset' as const,
      attributes: { name: 'loans' },
      aiSystems: [],
      tombstone: false,
    };
    const noisy = {
      ...base,
      title: undefined,
      version: 7,
      collectedAt: '2026-01-01T00:00:00Z',
      recordId: 'x',
    };
    expect(contentHashOf(noisy)).toBe(contentHashOf(base));
  });

  it('changes when any content field changes', () => {
    const base = {
      kind: 'ml.dataset' as const,
      attributes: { name: 'loans' },
      aiSystems: [],
      tombstone: false,
    };
    const hash = contentHashOf(base);
    expect(contentHashOf({ ...base, attributes: { name: 'loans2' } })).not.toBe(hash);
    expect(contentHashOf({ ...base, tombstone: true })).not.toBe(hash);
    expect(contentHashOf({ ...base, owner: 'dana' })).not.toBe(hash);
    expect(contentHashOf({ ...base, effectiveAt: '2026-01-01T00:00:00Z' })).not.toBe(hash);
  });

  it('hashes content by what it is, not where it is kept', () => {
    const content = { sha256: 'a'.repeat(64), mediaType: 'application/json', size: 12 };
    const base = { kind: 'ml.dataset' as const, attributes: { name: 'loans' }, content };
    const stored = { ...base, content: { ...content, blobKey: `sha256/${'a'.repeat(64)}` } };
    expect(contentHashOf(stored)).toBe(contentHashOf(base));
    expect(contentHashOf({ ...base, content: { ...content, sha256: 'b'.repeat(64) } })).not.toBe(
      contentHashOf(base),
    );
  });
});
