import type { ArtifactVersion } from '@aims/core';
import { readLibraryFile } from '@aims/scoring';
import { describe, expect, it } from 'vitest';
import { AiSystemScopes } from './scopes.js';

type Scorable = Pick<
  ArtifactVersion,
  'key' | 'version' | 'kind' | 'contentHash' | 'effectiveAt' | 'attributes' | 'tombstone' | 'aiSystems'
>;

const at = new Date('2026-06-01T00:00:00Z');
let n = 0;
function version(
  kind: ArtifactVersion['kind'],
  attributes: Record<string, unknown>,
  aiSystems: string[],
): Scorable {
  n++;
  return {
    key: `acme/aims-api/${kind}-${n}`,
    version: 1,
    kind,
    contentHash: n.toString(16).padStart(64, '0'),
    effectiveAt: at.toISOString(),
    attributes,
    tombstone: false,
    aiSystems,
  };
}
const policy = (systems: string[]) =>
  version('policy.document', { policyType: 'ai-policy', approved: true, path: 'ai.md' }, systems);
const finding = (systems: string[], findingId: string) =>
  version(
    'audit.finding',
    { findingId, auditId: 'IA-1', grade: 'major_nonconformity', controls: ['A.2.2'] },
    systems,
  );

const findingsOf = (scopes: AiSystemScopes, id: string) =>
  scopes.evaluateAt(id, at).controls.find((control) => control.controlId === 'A.2.2')?.findings ?? [];

describe('AiSystemScopes and audit findings', () => {
  it('applies a finding to the systems it names, and one naming none to every system', async () => {
    const library = await readLibraryFile();
    const scopes = new AiSystemScopes(library, [{ id: 'dispatch' }, { id: 'triage' }]);
    scopes.load([policy(['dispatch', 'triage']), finding(['dispatch'], 'F-1')]);
    expect(findingsOf(scopes, 'dispatch').map((f) => f.findingId)).toEqual(['F-1']);
    expect(findingsOf(scopes, 'dispatch')[0]?.cap).toBe('not_compliant');
    const dispatch = scopes.evaluateAt('dispatch', at).controls.find((c) => c.controlId === 'A.2.2');
    expect(dispatch?.status).toBe('not_compliant');
    expect(findingsOf(scopes, 'triage')).toEqual([]);

    // A finding naming no system reaches every scope, also one that appears later.
    const shared = finding([], 'F-2');
    expect(scopes.upsert(shared).sort()).toEqual(['dispatch', 'triage']);
    expect(findingsOf(scopes, 'triage').map((f) => f.findingId)).toEqual(['F-2']);
    scopes.upsert(policy(['billing']));
    expect(findingsOf(scopes, 'billing').map((f) => f.findingId)).toEqual(['F-2']);

    // Linking it to one system takes it out of the others.
    scopes.upsert({ ...shared, version: 2, contentHash: 'e'.repeat(64), aiSystems: ['triage'] });
    expect(findingsOf(scopes, 'billing')).toEqual([]);
    expect(findingsOf(scopes, 'triage').map((f) => f.findingId)).toEqual(['F-2']);
    expect(findingsOf(scopes, 'dispatch').map((f) => f.findingId)).toEqual(['F-1']);
  });
});
