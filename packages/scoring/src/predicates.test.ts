import { describe, expect, it } from 'vitest';
import type { EvidenceRule, Predicate } from './library/model.js';
import { compileMatcher } from './predicates.js';

function matcher(where: Predicate[], kinds: EvidenceRule['kinds'] = ['ml.run']) {
  return compileMatcher({ kinds, where });
}
const run = (attributes: Record<string, unknown>) => ({ kind: 'ml.run', attributes });

describe('predicates', () => {
  it('exists follows dot paths and treats null and empty values as absent', () => {
    const has = matcher([{ attr: 'metrics.fairness', op: 'exists' }]);
    expect(has(run({ metrics: { fairness: 0 } }))).toBe(true);
    expect(has(run({ metrics: { accuracy: 1 } }))).toBe(false);
    expect(has(run({ metrics: null }))).toBe(false);
    expect(has(run({ metrics: [{ fairness: 1 }] }))).toBe(false);
    const nonEmpty = matcher([{ attr: 'datasets', op: 'exists' }]);
    expect(nonEmpty(run({ datasets: [] }))).toBe(false);
    expect(nonEmpty(run({ datasets: [{ name: 'a' }] }))).toBe(true);
    expect(matcher([{ attr: 'tags', op: 'exists' }])(run({ tags: {} }))).toBe(false);
    expect(matcher([{ attr: 'note', op: 'exists', value: false }])(run({ note: '' }))).toBe(true);
  });

  it('eq and ne compare strictly', () => {
    expect(matcher([{ attr: 'approved', op: 'eq', value: true }])(run({ approved: 'true' }))).toBe(false);
    expect(matcher([{ attr: 'approved', op: 'eq', value: true }])(run({ approved: true }))).toBe(true);
    expect(matcher([{ attr: 'state', op: 'ne', value: 'failure' }])(run({}))).toBe(true);
    expect(matcher([{ attr: 'state', op: 'ne', value: 'failure' }])(run({ state: 'failure' }))).toBe(false);
  });

  it('in accepts a listed value or an array sharing one', () => {
    const listed = matcher([{ attr: 'docType', op: 'in', value: ['roles', 'design'] }]);
    expect(listed(run({ docType: 'design' }))).toBe(true);
    expect(listed(run({ docType: 'other' }))).toBe(false);
    expect(listed(run({ docType: ['other', 'roles'] }))).toBe(true);
  });

  it('gte and lte compare numbers, or strings as text, never across types', () => {
    const reviewed = matcher([{ attr: 'approvals', op: 'gte', value: 2 }]);
    expect(reviewed(run({ approvals: 2 }))).toBe(true);
    expect(reviewed(run({ approvals: 1 }))).toBe(false);
    expect(reviewed(run({ approvals: '3' }))).toBe(false);
    const before = matcher([{ attr: 'endTime', op: 'lte', value: '2026-06-01T00:00:00Z' }]);
    expect(before(run({ endTime: '2026-05-01T00:00:00Z' }))).toBe(true);
    expect(before(run({ endTime: '2026-07-01T00:00:00Z' }))).toBe(false);
  });

  it('contains looks into arrays and strings', () => {
    const labelled = matcher([{ attr: 'labels', op: 'contains', value: 'societal-impact' }]);
    expect(labelled(run({ labels: ['ai', 'societal-impact'] }))).toBe(true);
    expect(labelled(run({ labels: ['ai'] }))).toBe(false);
    expect(labelled(run({ labels: 'societal-impact-review' }))).toBe(true);
    expect(labelled(run({ labels: 5 }))).toBe(false);
  });

  it('excludes holds when the array or string lacks the value, or the attribute is absent', () => {
    const uncommunicated = matcher([{ attr: 'labels', op: 'excludes', value: 'communicated' }]);
    expect(uncommunicated(run({ labels: ['p1', 'communicated'] }))).toBe(false);
    expect(uncommunicated(run({ labels: ['p1'] }))).toBe(true);
    expect(uncommunicated(run({ labels: [] }))).toBe(true);
    expect(uncommunicated(run({}))).toBe(true);
    expect(uncommunicated(run({ labels: 'communicated-late' }))).toBe(false);
  });

  it('selects only the requirement kinds and scopes predicates to their kind', () => {
    const either = matcher(
      [
        { kind: 'ml.run', attr: 'status', op: 'eq', value: 'FINISHED' },
        { kind: 'record.document', attr: 'docType', op: 'eq', value: 'technical' },
      ],
      ['ml.run', 'record.document'],
    );
    expect(either({ kind: 'ml.run', attributes: { status: 'FINISHED' } })).toBe(true);
    expect(either({ kind: 'record.document', attributes: { docType: 'technical' } })).toBe(true);
    expect(either({ kind: 'record.document', attributes: { docType: 'design' } })).toBe(false);
    expect(either({ kind: 'code.review', attributes: { status: 'FINISHED' } })).toBe(false);
  });

  it('finds a dotted key as logged, trying the longest key at each level', () => {
    const dotted = matcher([{ attr: 'metrics.fairness.demographic_parity_diff', op: 'lte', value: 0.03 }]);
    expect(dotted(run({ metrics: { 'fairness.demographic_parity_diff': 0.02 } }))).toBe(true);
    expect(dotted(run({ metrics: { 'fairness.demographic_parity_diff': 0.05 } }))).toBe(false);
    expect(dotted(run({ metrics: { fairness: { demographic_parity_diff: 0.01 } } }))).toBe(true);
    // The longest key wins: a flat dotted key shadows a nested object of the same path.
    expect(
      dotted(
        run({
          metrics: { 'fairness.demographic_parity_diff': 0.5, fairness: { demographic_parity_diff: 0.01 } },
        }),
      ),
    ).toBe(false);
    expect(dotted(run({ 'metrics.fairness.demographic_parity_diff': 0.01 }))).toBe(true);
    // A key inherited from Object.prototype is not an attribute.
    expect(matcher([{ attr: 'constructor', op: 'exists' }])(run({}))).toBe(false);
  });
});
