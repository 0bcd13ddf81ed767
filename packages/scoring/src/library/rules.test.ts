import { describe, expect, it } from 'vitest';
import { LibraryError } from '../errors.js';
import { loadLibrary } from './load.js';

/** A one-control library whose requirement is the given YAML lines (indented under requirements). */
function library(requirement: string, head = ''): string {
  return `library: demo
title: Demo
version: "1"
${head}objectives:
  - id: A.2
    title: Policies
    intent: Direction for AI.
    controls:
      - id: A.2.2
        title: AI policy
        intent: An approved policy.
        tags: [accountability]
        requirements:
${requirement
  .trim()
  .split('\n')
  .map((line) => `          ${line}`)
  .join('\n')}
`;
}

function problems(text: string): string[] {
  try {
    loadLibrary(text, 'demo.yaml');
  } catch (error) {
    if (error instanceof LibraryError) return error.issues.map((issue) => `${issue.line}: ${issue.problem}`);
    throw error;
  }
  throw new Error('expected a LibraryError');
}

const POLICY = `- id: policy
  description: Approved AI policy.
  kinds: [policy.document]
  ownerRole: lead`;

describe('rule checks at load time', () => {
  it('names an attribute the kind does not declare, with the line', () => {
    expect(problems(library(`${POLICY}\n  where:\n    - { attr: aproved, op: eq, value: true }`))).toEqual([
      '19: unknown attribute "aproved" for kind policy.document: kind policy.document declares policyType, approved, approvedBy, approvedAt, reviewedAt, reviewedBy, effectiveDate, nextReviewAt, relatedPolicies, path',
    ]);
    expect(problems(library(`${POLICY}\n  freshnessFrom: reviewed`))[0]).toMatch(
      /^18: freshnessFrom: unknown attribute "reviewed"/,
    );
  });

  it('accepts declared nested attributes and keys of open maps, and refuses to look inside lists', () => {
    const run = `- id: runs
  description: Runs.
  kinds: [ml.run]
  ownerRole: lead
  where:`;
    expect(() =>
      loadLibrary(
        library(`${run}\n    - { attr: metrics.fairness.demographic_parity_diff, op: lte, value: 0.03 }`),
      ),
    ).not.toThrow();
    expect(problems(library(`${run}\n    - { attr: datasets.name, op: eq, value: train }`))).toEqual([
      '19: "datasets" of kind ml.run is a list: a rule can test it whole (exists, contains, in) but not look inside it',
    ]);
    expect(problems(library(`${run}\n    - { attr: params.lr, op: gte, value: 0.1 }`))).toEqual([
      '19: numeric threshold on "params.lr", which is string for kind ml.run',
    ]);
  });

  it('rejects a numeric threshold on a non-numeric attribute', () => {
    expect(problems(library(`${POLICY}\n  where:\n    - { attr: policyType, op: gte, value: 3 }`))).toEqual([
      '19: numeric threshold on "policyType", which is string for kind policy.document',
    ]);
  });

  it('rejects an unknown forEach scope and kinds that cannot count for the scope', () => {
    expect(problems(library(`${POLICY}\n  forEach: team`))).toEqual([
      '18: must be one of "aiSystem", "repo", "bucket", "dataset"',
    ]);
    expect(problems(library(`${POLICY}\n  forEach: repo`))).toEqual([
      '16: kind policy.document cannot count for repositories (forEach: repo)',
    ]);
  });

  it('checks the shape of anyOf and counter-evidence requirements', () => {
    const anyOf = `- id: either
  description: Either.
  kinds: [policy.document]
  ownerRole: lead
  anyOf:
    - { id: a, kinds: [policy.document] }
    - { id: a, kinds: [record.document], maxCount: 0 }`;
    expect(problems(library(anyOf))).toEqual(['20: unknown property "maxCount"']);
    expect(problems(library(anyOf.replace(', maxCount: 0', '')))).toEqual([
      '16: a requirement with anyOf gives kinds in each alternative, not beside them',
      '20: duplicate alternative id "a" in requirement "either"',
    ]);
    expect(problems(library(`${POLICY}\n  overdueAfter: P7D`))).toEqual([
      '18: overdueAfter only applies with maxCount (evidence that counts against)',
    ]);
    expect(problems(library(`${POLICY}\n  maxCount: 0\n  freshness: { policy.document: P1Y }`))).toEqual([
      '19: freshness does not apply to evidence that counts against a control (maxCount): it counts whatever its age, from overdueAfter on',
    ]);
    expect(problems(library(POLICY.replace('  kinds: [policy.document]\n', '')))).toEqual([
      '14: missing required property "kinds" (or anyOf alternatives)',
    ]);
  });

  it('holds every window to the floor', () => {
    const long = `${POLICY}\n  freshness: { policy.document: P5Y }`;
    expect(problems(library(long, 'maxWindow: P3Y\n'))).toEqual([
      "19: freshness window for policy.document P5Y is past the floor P3Y (the library's maxWindow)",
    ]);
    expect(
      problems(
        library(`${POLICY}\n  maxWindow: P1Y\n  freshness: { policy.document: P13M }`, 'maxWindow: P3Y\n'),
      ),
    ).toEqual([
      '20: freshness window for policy.document P13M is past the floor P1Y (maxWindow of requirement "policy")',
    ]);
    expect(problems(library(`${POLICY}\n  maxWindow: P4Y`, 'maxWindow: P3Y\n'))).toEqual([
      "19: maxWindow P4Y is past the library's maxWindow P3Y",
    ]);
    expect(() =>
      loadLibrary(library(`${POLICY}\n  freshness: { policy.document: P365D }`, 'maxWindow: P1Y\n')),
    ).not.toThrow();
  });

  it('accepts clause numbers as objective and control ids, besides Annex A', () => {
    const clauses = library(POLICY).replace('id: A.2\n', 'id: "4"\n').replace('id: A.2.2', 'id: "4.1"');
    const loaded = loadLibrary(clauses, 'clauses.yaml');
    expect(loaded.objectives[0]?.id).toBe('4');
    expect(loaded.controls[0]?.id).toBe('4.1');
    expect(
      loadLibrary(library(POLICY).replace('id: A.2\n', 'id: "6.1"\n').replace('id: A.2.2', 'id: 6.1.2'))
        .controls[0]?.id,
    ).toBe('6.1.2');
    expect(problems(library(POLICY).replace('id: A.2.2', 'id: "10.2"'))).toEqual([
      '9: control "10.2" does not belong to objective "A.2"',
    ]);
    expect(problems(library(POLICY).replace('id: A.2.2', 'id: B.2'))[0]).toMatch(/^9: must match pattern/);
  });
});
