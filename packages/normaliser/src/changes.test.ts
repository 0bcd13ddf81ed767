import type { UpsertOutcome } from '@aims/catalogue';
import {
  type ArtifactVersion,
  checkArtifactChanged,
  encodeMessage,
  type RawEvidenceRecord,
  topicCatalogue,
  versionJson,
} from '@aims/core';
import { describe, expect, it } from 'vitest';
import { changedEventsOf } from './changes.js';

const record = { recordId: '7b0e4f4c-3a51-4a8e-9d55-0c9a1f3e2b10' } as RawEvidenceRecord;

function version(n: number, tombstone = false): ArtifactVersion {
  return {
    workspace: 'acme',
    sourceInstance: 'acme-github',
    connector: 'github',
    externalId: 'docs/policy.md',
    key: 'acme/acme-github/docs/policy.md',
    version: n,
    collector: { id: 'github', version: '0.1.0' },
    collectedAt: '2026-11-01T00:00:00.000Z',
    effectiveAt: '2026-11-01T00:00:00.000Z',
    kind: 'policy.document',
    title: 'AI policy with a "quote", a tab\tand a backslash \\',
    tombstone,
    attributes: { policyType: 'ai-policy', approved: true, path: 'docs/policy.md' },
    aiSystems: [],
    contentHash: 'b'.repeat(64),
  };
}

const created = (v: ArtifactVersion, index: number): UpsertOutcome => ({
  index,
  key: v.key,
  status: 'created',
  version: v.version,
  created: v,
});

describe('changedEventsOf', () => {
  it('writes one schema-valid artifact.changed event per created version, keyed by artifact key', () => {
    const versions = [version(1), version(2), version(3, true)];
    const outcomes: UpsertOutcome[] = [
      ...versions.map(created),
      { index: 3, key: 'acme/acme-github/docs/other.md', status: 'unchanged', version: 4 },
    ];
    const messages = changedEventsOf(
      outcomes.map((outcome) => ({ item: { record }, outcome })),
      new Date('2026-11-02T10:00:00Z'),
    ).map((event) => encodeMessage(topicCatalogue().changed, event));
    expect(messages).toHaveLength(3);
    const events = messages.map((m) => JSON.parse(String(m.value)) as Record<string, unknown>);
    expect(events.map((e) => e.change)).toEqual(['created', 'updated', 'deleted']);
    for (const [i, event] of events.entries()) {
      expect(checkArtifactChanged(event).ok).toBe(true);
      expect(event.artifact).toEqual(versions[i]);
      expect(event).toMatchObject({ recordId: record.recordId, changedAt: '2026-11-02T10:00:00.000Z' });
      expect(messages[i]?.key).toBe(versions[i]?.key);
    }
    // The artifact is the catalogue's encoding of the version, not a second one.
    expect(String(messages[0]?.value)).toContain(versionJson(versions[0] as ArtifactVersion));
  });
});
