import { describe, expect, it } from 'vitest';
import { versionJson } from './encoded.js';
import type { ArtifactVersion } from './generated/events.js';

const version = {
  workspace: 'acme',
  sourceInstance: 'gh',
  connector: 'github',
  externalId: 'doc:1',
  key: 'acme/gh/doc:1',
  version: 1,
  collector: { id: 'github', version: '0.1.0' },
  collectedAt: '2026-11-01T00:00:00.000Z',
  effectiveAt: '2026-11-01T00:00:00.000Z',
  kind: 'policy.document',
  tombstone: false,
  attributes: {},
  aiSystems: [],
  contentHash: 'a'.repeat(64),
} as ArtifactVersion;

describe('versionJson', () => {
  it('is the JSON text of the version, the same text on every call', () => {
    const first = versionJson(version);
    expect(JSON.parse(first)).toEqual(version);
    expect(versionJson(version)).toBe(first);
    expect(versionJson({ ...version, version: 2 })).toContain('"version":2');
  });
});
