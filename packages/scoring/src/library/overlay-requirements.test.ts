import { describe, expect, it } from 'vitest';
import { artifact, controlOf, iso, mechanismsLibrary, requirementOf, T0 } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { LibraryError } from '../errors.js';
import { readLibraryFile } from './files.js';
import { applyOverlays, loadOverlay } from './overlay.js';

const base = mechanismsLibrary();

function problems(text: string, library = base): string[] {
  try {
    applyOverlays(library, [loadOverlay(text, 'acme.yaml')]);
  } catch (error) {
    if (error instanceof LibraryError)
      return error.issues.map((issue) => `${issue.file}:${issue.line}: ${issue.problem}`);
    throw error;
  }
  throw new Error('expected a LibraryError');
}

const release = artifact('release.record', { repo: 'acme/models', tag: 'v1', prerelease: false });
const deployment = artifact('deployment.record', {
  repo: 'acme/models',
  environment: 'prod',
  state: 'success',
  sha: 'a',
});

describe('overlays on requirements', () => {
  it('removes a requirement with its justification, kept on the control', () => {
    const library = applyOverlays(base, [
      loadOverlay(
        `overlay: acme
controls:
  A.2.2:
    removeRequirements:
      - { id: policy-changes-reviewed, justification: Our policies live in a document system and not in git. }
`,
        'acme.yaml',
      ),
    ]);
    const control = controlOf(evaluate(library, [], T0), 'A.2.2');
    expect(control.requirements.map((requirement) => requirement.requirementId)).toEqual([
      'ai-policy-reviewed',
    ]);
    expect(control.removedRequirements).toEqual([
      {
        requirementId: 'policy-changes-reviewed',
        justification: 'Our policies live in a document system and not in git.',
        overlay: 'acme',
      },
    ]);
  });

  it('replaces a requirement and groups requirements into alternatives', () => {
    const library = applyOverlays(base, [
      loadOverlay(
        `overlay: acme
controls:
  A.6.2.5:
    replaceRequirements:
      - id: model-approved
        description: A release published in the last year.
        kinds: [release.record]
        where:
          - { attr: prerelease, op: eq, value: false }
        freshness: { release.record: P1Y }
        ownerRole: release-manager
    addRequirements:
      - id: deployed
        description: A successful production deployment.
        kinds: [deployment.record]
        where:
          - { attr: state, op: eq, value: success }
        freshness: { deployment.record: P90D }
        ownerRole: release-manager
`,
        'acme.yaml',
      ),
    ]);
    const requirements = library.controls.find((control) => control.id === 'A.6.2.5')?.requirements ?? [];
    expect(requirements.map((requirement) => [requirement.id, requirement.origin])).toEqual([
      ['model-approved', 'acme'],
      ['deployed', 'acme'],
    ]);
    const grouped = applyOverlays(library, [
      loadOverlay(
        `overlay: acme-2
controls:
  A.6.2.5:
    groupRequirements:
      - { id: released-or-deployed, description: Released or deployed., anyOf: [model-approved, deployed] }
`,
        'acme-2.yaml',
      ),
    ]);
    const evaluation = evaluate(grouped, [deployment], T0);
    expect(requirementOf(evaluation, 'A.6.2.5', 'released-or-deployed')).toMatchObject({
      satisfied: true,
      alternativeId: 'deployed',
      kinds: ['release.record', 'deployment.record'],
      ownerRole: 'release-manager',
    });
    expect(
      requirementOf(evaluate(grouped, [release], T0), 'A.6.2.5', 'released-or-deployed').alternativeId,
    ).toBe('model-approved');
    expect(controlOf(evaluation, 'A.6.2.5').requirements).toHaveLength(1);
  });

  it('cannot set a window past the floor (P100Y), naming file, line and problem', () => {
    expect(
      problems(`overlay: acme
controls:
  A.2.2:
    requirements:
      ai-policy-reviewed:
        freshness: { policy.document: P100Y }
`),
    ).toEqual([
      "acme.yaml:6: freshness window for policy.document P100Y is past the floor P3Y (the library's maxWindow)",
    ]);
  });

  it('holds replacements and additions to the floor, and keeps the windows of replaced kinds', () => {
    expect(
      problems(`overlay: acme
controls:
  A.2.2:
    replaceRequirements:
      - id: ai-policy-reviewed
        description: Any AI policy, fresh forever.
        kinds: [policy.document]
        ownerRole: lead
    addRequirements:
      - id: board
        description: Board minutes.
        kinds: [record.document]
        freshness: { record.document: P10Y }
        ownerRole: lead
`),
    ).toEqual([
      'acme.yaml:5: replacement of "ai-policy-reviewed" selects policy.document without a window, which the replaced requirement gave one',
      "acme.yaml:13: freshness window for record.document P10Y is past the floor P3Y (the library's maxWindow)",
    ]);
  });

  it('names unknown requirements and invalid groups on their lines', () => {
    expect(
      problems(`overlay: acme
controls:
  A.4.5:
    removeRequirements:
      - { id: buckets-encrypt, justification: We do not use object storage at all. }
    requirements:
      no-public-buckets: { minCount: 2 }
    groupRequirements:
      - { id: either, description: Either., anyOf: [buckets-encrypted, no-public-buckets] }
`),
    ).toEqual([
      'acme.yaml:5: control A.4.5 has no requirement "buckets-encrypt" to remove',
      'acme.yaml:7: minCount does not apply to evidence that counts against a control',
      'acme.yaml:9: requirement "no-public-buckets" counts against the control and cannot be an alternative',
    ]);
  });

  it('overrides essential and refuses to leave a control without requirements', () => {
    const relaxed = applyOverlays(base, [
      loadOverlay(
        'overlay: acme\ncontrols:\n  A.2.2:\n    requirements:\n      ai-policy-reviewed: { essential: false }\n',
        'acme.yaml',
      ),
    ]);
    const review = artifact('code.review', { repo: 'acme/policies', number: 1, merged: true, approvals: 1 });
    expect(controlOf(evaluate(relaxed, [review], T0), 'A.2.2').status).toBe('partially_compliant');
    expect(
      problems(`overlay: acme
controls:
  "10.2":
    removeRequirements:
      - { id: corrective-actions-closed, justification: We have never had a nonconformity. }
`),
    ).toEqual([
      'acme.yaml:3: overlay leaves control 10.2 without requirements; exclude it with notApplicable instead',
    ]);
  });

  it('keeps the bundled library within its own floor', async () => {
    const iso42001 = await readLibraryFile();
    expect(iso42001.maxWindow?.text).toBe('P3Y');
    expect(
      problems(
        `overlay: acme\ncontrols:\n  A.3.3:\n    requirements:\n      concern-procedure-approved: { freshness: { procedure.document: P100Y } }\n`,
        iso42001,
      ),
    ).toEqual([
      "acme.yaml:5: freshness window for procedure.document P100Y is past the floor P3Y (the library's maxWindow)",
    ]);
    expect(iso(T0)).toBe('2026-06-01T00:00:00.000Z');
  });
});
