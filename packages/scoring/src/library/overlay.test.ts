import { describe, expect, it } from 'vitest';
import { aiPolicy, DAY, iso, miniLibrary, T0 } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { LibraryError } from '../errors.js';
import { expiresAtFor } from '../expiry.js';
import { applyOverlays, loadOverlay } from './overlay.js';

const base = miniLibrary();

const ACME = `overlay: acme
extends: mini
controls:
  A.2.2:
    requirements:
      policy-approved:
        freshness: { policy.document: P180D }
        weight: 5
        ownerRole: ciso
    addRequirements:
      - id: security-policy
        description: Approved security policy.
        kinds: [policy.document]
        where:
          - { attr: policyType, op: eq, value: security }
        ownerRole: ciso
  A.10.3:
    notApplicable:
      justification: We use no third-party AI components or data suppliers.
      approvedBy: AI Governance Board
      approvedAt: 2026-05-04
      reviewBy: 2027-05-04
`;

function failure(run: () => unknown): LibraryError {
  try {
    run();
  } catch (error) {
    if (error instanceof LibraryError) return error;
    throw error;
  }
  throw new Error('expected a LibraryError');
}

describe('overlays', () => {
  const library = applyOverlays(base, [loadOverlay(ACME, 'acme.yaml')]);
  const policyControl = library.controls.find((control) => control.id === 'A.2.2');

  it('overrides windows, weights and owners and adds requirements', () => {
    expect(library.overlays).toEqual(['acme']);
    expect(
      policyControl?.requirements.map((requirement) => [
        requirement.id,
        requirement.weight,
        requirement.ownerRole,
        requirement.origin,
      ]),
    ).toEqual([
      ['policy-approved', 5, 'ciso', 'mini'],
      ['security-policy', 1, 'ciso', 'acme'],
    ]);
    expect(policyControl?.requirements[0]?.freshness['policy.document']?.text).toBe('P180D');
    expect(base.controls[0]?.requirements).toHaveLength(1);
  });

  it('shortens expiry and scoring windows', () => {
    expect(expiresAtFor(base, 'policy.document', iso(T0))).toBe(iso(T0 + 365 * DAY));
    expect(expiresAtFor(library, 'policy.document', iso(T0))).toBe(iso(T0 + 180 * DAY));
    const result = evaluate(library, [aiPolicy()], T0 + 200 * DAY).controls[0];
    expect(result?.requirements[0]).toMatchObject({ freshCount: 0, staleCount: 1 });
  });

  it('marks controls not applicable, outside the totals', () => {
    const evaluation = evaluate(library, [], T0);
    const suppliers = evaluation.controls.find((result) => result.controlId === 'A.10.3');
    expect(suppliers).toMatchObject({
      status: 'not_applicable',
      requirements: [],
      notApplicable: {
        overlay: 'acme',
        justification: 'We use no third-party AI components or data suppliers.',
        approvedBy: 'AI Governance Board',
        reviewOverdue: false,
      },
    });
    expect(evaluation.overall).toMatchObject({ controls: 4, applicable: 3, notApplicable: 1 });
    expect(evaluation.objectives.find((objective) => objective.objectiveId === 'A.10')?.coverage).toBeNull();
    expect(expiresAtFor(library, 'ticket.supplier-review', iso(T0))).toBeUndefined();
  });

  it('names the line of unknown controls, requirements and kinds', () => {
    const text = `overlay: acme
extends: iso42001-2023
controls:
  A.2.9:
    notApplicable: { justification: This control does not exist anywhere., approvedBy: CEO, approvedAt: 2026-01-05, reviewBy: 2027-01-05 }
  A.2.2:
    requirements:
      policy-aproved: { weight: 2 }
      policy-approved:
        freshness: { code.review: P1D }
    addRequirements:
      - { id: policy-approved, description: again, kinds: [policy.memo], ownerRole: ciso }
`;
    const error = failure(() => applyOverlays(base, [loadOverlay(text, 'acme.yaml')]));
    expect(error.issues.map((issue) => [issue.line, issue.problem])).toEqual([
      [2, 'overlay extends "iso42001-2023" but the library is "mini"'],
      [4, 'unknown control "A.2.9" in library "mini"'],
      [10, 'freshness window for kind "code.review", which the requirement does not select'],
      [8, 'control A.2.2 has no requirement "policy-aproved" to override'],
      [12, 'control A.2.2 already has a requirement "policy-approved"'],
      [12, 'unknown artifact kind "policy.memo"'],
    ]);
    expect(error.message).toContain('acme.yaml:2:');
  });

  it('rejects overlay files that break the schema on the right line', () => {
    const error = failure(() =>
      loadOverlay(
        'overlay: acme\ncontrols:\n  A.2.2:\n    requirements:\n      x: { weight: -1 }\n',
        'o.yaml',
      ),
    );
    expect(error.issues[0]).toMatchObject({ line: 5, path: '/controls/A.2.2/requirements/x/weight' });
  });
});
