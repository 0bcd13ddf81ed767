import { describe, expect, it } from 'vitest';
import { artifact, controlOf, DAY, iso, mechanismsLibrary, requirementOf, T0 } from '../../test/helpers.ts';
import { evaluate } from './evaluate.js';

const library = mechanismsLibrary();
const run = (attributes: Record<string, unknown>, effectiveAt = iso(T0)) =>
  artifact(
    'ci.workflow-run',
    {
      repo: 'acme/models',
      workflow: 'ci',
      runId: 1,
      status: 'completed',
      conclusion: 'success',
      ...attributes,
    },
    { effectiveAt },
  );
const mlRun = (metrics: Record<string, unknown>) =>
  artifact('ml.run', { runId: 'r1', experimentId: '1', status: 'FINISHED', metrics });

describe('anyOf', () => {
  it('a lint-only CI meets no alternative of verification', () => {
    const lint = [run({ purpose: 'other', workflow: 'lint' }), run({ purpose: 'other', workflow: 'lint' })];
    const evaluation = evaluate(library, lint, T0);
    const verified = requirementOf(evaluation, 'A.6.2.4', 'verified');
    expect(verified).toMatchObject({ satisfied: false, presentCount: 0, alternativeId: 'tests-passing' });
    expect(
      verified.alternatives?.map((alternative) => [alternative.alternativeId, alternative.presentCount]),
    ).toEqual([
      ['tests-passing', 0],
      ['fairness-within-threshold', 0],
    ]);
    expect(controlOf(evaluation, 'A.6.2.4').status).toBe('not_compliant');
  });

  it('says which alternative met the requirement', () => {
    const tests = [run({ purpose: 'test' }), run({ purpose: 'test' }, iso(T0 - DAY))];
    const byTests = requirementOf(evaluate(library, tests, T0), 'A.6.2.4', 'verified');
    expect(byTests).toMatchObject({
      satisfied: true,
      alternativeId: 'tests-passing',
      freshCount: 2,
      minCount: 2,
    });

    const fair = mlRun({ accuracy: 0.9, 'fairness.demographic_parity_diff': 0.02 });
    const byEvaluation = requirementOf(
      evaluate(library, [run({ purpose: 'test' }), fair], T0),
      'A.6.2.4',
      'verified',
    );
    expect(byEvaluation).toMatchObject({
      satisfied: true,
      alternativeId: 'fairness-within-threshold',
      minCount: 1,
      satisfiedBy: [expect.objectContaining({ key: fair.key })],
    });
    // The alternative that came second still shows how far it got.
    expect(byEvaluation.alternatives?.[0]).toMatchObject({
      alternativeId: 'tests-passing',
      freshCount: 1,
      missingCount: 1,
    });
  });

  it('scores an unmet requirement by the alternative that came closest', () => {
    const result = requirementOf(evaluate(library, [run({ purpose: 'test' })], T0), 'A.6.2.4', 'verified');
    expect(result).toMatchObject({
      satisfied: false,
      alternativeId: 'tests-passing',
      present: 50,
      fresh: 50,
    });
  });
});

describe('metric thresholds', () => {
  it('finds a dotted metric name as logged and holds it to its threshold', () => {
    const over = mlRun({ 'fairness.demographic_parity_diff': 0.05 });
    const result = requirementOf(evaluate(library, [over], T0), 'A.6.2.4', 'verified');
    expect(result.satisfied).toBe(false);
    expect(result.alternatives?.[1]).toMatchObject({
      alternativeId: 'fairness-within-threshold',
      presentCount: 0,
    });
    // Nested metrics are found too; a missing metric does not pass an lte threshold.
    const nested = mlRun({ fairness: { demographic_parity_diff: 0.01 } });
    expect(requirementOf(evaluate(library, [nested], T0), 'A.6.2.4', 'verified').satisfied).toBe(true);
    expect(
      requirementOf(evaluate(library, [mlRun({ accuracy: 0.99 })], T0), 'A.6.2.4', 'verified').satisfied,
    ).toBe(false);
  });
});

describe('essential requirements', () => {
  it('an unmet essential requirement makes the control not compliant whatever else holds', () => {
    const review = artifact('code.review', { repo: 'acme/policies', number: 1, merged: true, approvals: 1 });
    const unapproved = artifact('policy.document', {
      policyType: 'ai-policy',
      approved: true,
      reviewedAt: iso(T0),
      path: 'ai.md',
    });
    const evaluation = evaluate(library, [review, unapproved], T0);
    // Before essential, the reviewed change alone made A.2.2 partially compliant.
    expect(controlOf(evaluation, 'A.2.2')).toMatchObject({
      status: 'not_compliant',
      unmetEssential: ['ai-policy-reviewed'],
      coverage: 25,
    });
    expect(requirementOf(evaluation, 'A.2.2', 'ai-policy-reviewed')).toMatchObject({
      essential: true,
      satisfied: false,
    });
  });

  it('an unmet requirement that is not essential leaves the control partially compliant', () => {
    const policy = artifact('policy.document', {
      policyType: 'ai-policy',
      approved: true,
      approvedBy: 'board',
      reviewedAt: iso(T0),
      path: 'ai.md',
    });
    const result = controlOf(evaluate(library, [policy], T0), 'A.2.2');
    expect(result.status).toBe('partially_compliant');
    expect(result.unmetEssential).toBeUndefined();
  });
});
