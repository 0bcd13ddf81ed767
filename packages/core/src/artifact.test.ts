import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleAttributes } from '../test/fixtures/sample-attributes.js';
import { toArtifactVersion } from './artifact.js';
import { ValidationError } from './errors.js';
import type { RawEvidenceRecord } from './generated/events.js';
import { contentHashOf } from './hash.js';
import { validateArtifactChanged, validateArtifactVersion } from './validation.js';

const upsert: RawEvidenceRecord = {
  recordId: '0b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f',
  workspace: 'acme',
  source: { connector: 'github', instance: 'acme-github' },
  externalId: 'repo:acme/models:file:docs/ai-policy.md',
  op: 'upsert',
  kind: 'policy.document',
  observedAt: '2026-11-28T10:00:00Z',
  collector: { id: 'github', version: '0.1.0' },
  sourceRevision: 'blob-1',
  title: 'AI policy',
  url: 'https://github.com/acme/models/blob/main/docs/ai-policy.md',
  aiSystems: ['credit-scoring'],
  attributes: sampleAttributes['policy.document'],
  content: { sha256: 'b'.repeat(64), mediaType: 'text/markdown', size: 10 },
  runId: 'run-1',
};

describe('toArtifactVersion', () => {
  it('maps a raw record to a valid artifact version', () => {
    const version = toArtifactVersion(upsert, { version: 1, expiresAt: '2027-11-28T10:00:00Z' });
    expect(validateArtifactVersion(version)).toBe(version);
    expect(version).toMatchObject({
      key: 'acme/acme-github/repo:acme/models:file:docs/ai-policy.md',
      sourceInstance: 'acme-github',
      connector: 'github',
      collectedAt: upsert.observedAt,
      effectiveAt: upsert.observedAt,
      expiresAt: '2027-11-28T10:00:00Z',
      tombstone: false,
      title: 'AI policy',
      sourceRevision: 'blob-1',
      content: upsert.content,
    });
    expect(version).not.toHaveProperty('owner');
  });

  it('gives unchanged evidence seen again later the same content hash', () => {
    const first = toArtifactVersion(upsert, { version: 1 });
    const again = toArtifactVersion(
      { ...upsert, recordId: '1b7c3f7e-5a43-4a7e-9d7a-1f2b3c4d5e6f', observedAt: '2026-11-29T10:00:00Z' },
      { version: 2 },
    );
    expect(again.contentHash).toBe(first.contentHash);
    const edited = toArtifactVersion({ ...upsert, sourceRevision: 'blob-2' }, { version: 2 });
    expect(edited.contentHash).not.toBe(first.contentHash);
  });

  it('hashes a stated effectiveAt and keeps it', () => {
    const stated = toArtifactVersion({ ...upsert, effectiveAt: '2026-01-01T00:00:00Z' }, { version: 1 });
    expect(stated.effectiveAt).toBe('2026-01-01T00:00:00Z');
    expect(stated.contentHash).toBe(contentHashOf(stated));
    expect(stated.contentHash).not.toBe(toArtifactVersion(upsert, { version: 1 }).contentHash);
  });

  it('turns a delete into a tombstone that keeps what was deleted', () => {
    const previous = toArtifactVersion(upsert, { version: 3 });
    const { kind: _k, attributes: _a, content: _c, title: _t, sourceRevision: _s, ...rest } = upsert;
    const tombstone = toArtifactVersion(
      { ...rest, op: 'delete', observedAt: '2026-12-01T00:00:00Z' },
      {
        version: 4,
        previous,
      },
    );
    expect(tombstone).toMatchObject({
      version: 4,
      kind: 'policy.document',
      tombstone: true,
      title: 'AI policy',
      attributes: previous.attributes,
      sourceRevision: 'blob-1',
      collectedAt: '2026-12-01T00:00:00Z',
    });
    expect(tombstone).not.toHaveProperty('content');
    expect(tombstone.contentHash).not.toBe(previous.contentHash);
    const event = {
      eventId: upsert.recordId,
      change: 'deleted',
      artifact: tombstone,
      changedAt: tombstone.collectedAt,
    };
    expect(validateArtifactChanged(event).artifact.tombstone).toBe(true);
  });

  it('refuses a delete with no kind and no previous version', () => {
    const { kind: _k, attributes: _a, ...rest } = upsert;
    expect(() => toArtifactVersion({ ...rest, op: 'delete' }, { version: 1 })).toThrow(
      expect.objectContaining({
        code: 'invalid_record',
        details: [expect.objectContaining({ path: '/kind' })],
      }),
    );
  });

  it('refuses a version number below 1', () => {
    expect(() => toArtifactVersion(upsert, { version: 0 })).toThrow(ValidationError);
  });
});

describe('toArtifactVersion properties', () => {
  it('hashes the same evidence to the same value whenever and however it is observed', () => {
    const stamp = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.uuid(), stamp, fc.integer({ min: 1, max: 1000 }), (recordId, seen, version) => {
        const reordered = Object.fromEntries(Object.entries(upsert.attributes ?? {}).reverse());
        const again = toArtifactVersion(
          { ...upsert, recordId, observedAt: seen.toISOString(), attributes: reordered },
          { version },
        );
        expect(again.contentHash).toBe(toArtifactVersion(upsert, { version: 1 }).contentHash);
        expect(validateArtifactVersion(again).collectedAt).toBe(seen.toISOString());
      }),
    );
  });
});
