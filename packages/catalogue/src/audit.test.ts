import { canonicalJson, sha256Hex } from '@aims/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, entryHash, versionPayloadHash } from './audit.js';

const actorArb = fc.record({
  type: fc.constantFrom('connector', 'api-key', 'user', 'service' as const),
  id: fc.string(),
});

describe('audit entry hashing', () => {
  it('writes the RFC 8785 canonical form of any entry', () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          at: fc.string(),
          actor: actorArb,
          action: fc.string(),
          subject: fc.string({ unit: 'binary' }),
          payloadHash: fc.string(),
        }),
        fc.string(),
        (entry, prev) => {
          expect(canonicalEntry(entry)).toBe(canonicalJson(entry));
          expect(entryHash(prev, entry)).toBe(sha256Hex(prev + canonicalJson(entry)));
        },
      ),
    );
  });

  it('hashes version payloads canonically', () => {
    fc.assert(
      fc.property(
        fc.record({
          key: fc.string({ unit: 'binary' }),
          version: fc.integer({ min: 1 }),
          contentHash: fc.string(),
          collectedAt: fc.string(),
          tombstone: fc.boolean(),
        }),
        (v) => {
          expect(versionPayloadHash(v)).toBe(sha256Hex(canonicalJson(v)));
        },
      ),
    );
  });

  it('refuses a seq that is not a safe integer', () => {
    const entry = {
      seq: 1.5,
      at: 'x',
      actor: { type: 'user' as const, id: 'u' },
      action: 'a',
      subject: 's',
      payloadHash: 'p',
    };
    expect(() => canonicalEntry(entry)).toThrow(TypeError);
  });
});
