import { describe, expect, it } from 'vitest';
import type { Predicate, Requirement } from './library/model.js';
import { compileMatcher } from './predicates.js';

function matcher(where: Predicate[], kinds: Requirement['kinds'] = ['ml.run']) {
  return compileMatcher({
    id: 'r',
    description: 'r',
    kinds,
    where,
    minCount: 1,
    freshness: {},
    weight: 1,
    ownerRole: 'x',
    origin: 'test',
  });
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
});
