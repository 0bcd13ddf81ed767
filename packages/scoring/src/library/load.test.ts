import { describe, expect, it } from 'vitest';
import { LibraryError } from '../errors.js';
import { loadLibrary } from './load.js';

const VALID = `library: demo
title: Demo
version: "1"
objectives:
  - id: A.2
    title: Policies
    intent: Direction for AI.
    controls:
      - id: A.2.2
        title: AI policy
        intent: An approved policy.
        tags: [accountability]
        requirements:
          - id: policy
            description: Approved AI policy.
            kinds: [policy.document]
            where:
              - { attr: approved, op: eq, value: true }
            freshness: { policy.document: P1Y }
            ownerRole: ai-governance-lead
`;

function failure(text: string, file = 'demo.yaml'): LibraryError {
  try {
    loadLibrary(text, file);
  } catch (error) {
    if (error instanceof LibraryError) return error;
    throw error;
  }
  throw new Error('expected a LibraryError');
}

/** Replaces line n (1-based) of the valid library. */
function withLine(n: number, replacement: string): string {
  const lines = VALID.split('\n');
  lines[n - 1] = replacement;
  return lines.join('\n');
}

describe('loadLibrary', () => {
  it('applies defaults and parses windows', () => {
    const library = loadLibrary(VALID, 'demo.yaml');
    const requirement = library.controls[0]?.requirements[0];
    expect(library).toMatchObject({ id: 'demo', version: '1', overlays: [] });
    expect(requirement).toMatchObject({ minCount: 1, weight: 1, origin: 'demo' });
    expect(requirement?.freshness['policy.document']).toMatchObject({ text: 'P1Y', years: 1 });
  });

  it('reports YAML syntax errors with file and line', () => {
    const error = failure(withLine(16, '            kinds: [policy.document'));
    expect(error.code).toBe('invalid_library');
    expect(error.issues[0]).toMatchObject({ file: 'demo.yaml', line: 17 });
    expect(error.message).toContain('demo.yaml:17');
  });

  it('names the line of an unknown property', () => {
    const error = failure(withLine(15, '            descripton: Approved AI policy.'));
    const problems = error.issues.map((issue) => `${issue.line}: ${issue.problem}`);
    expect(problems).toContain('15: unknown property "descripton"');
    expect(problems).toContain('14: missing required property "description"');
  });

  it('names the line of an unknown predicate op', () => {
    const error = failure(withLine(18, '              - { attr: approved, op: equals, value: true }'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      line: 18,
      path: '/objectives/0/controls/0/requirements/0/where/0/op',
    });
  });

  it('rejects a malformed freshness window on its line', () => {
    const error = failure(withLine(19, '            freshness: { policy.document: 1 year }'));
    expect(error.issues.every((issue) => issue.line === 19)).toBe(true);
    expect(error.issues[0]?.path).toBe('/objectives/0/controls/0/requirements/0/freshness/policy.document');
  });

  it('rejects unknown kinds with the line of the kind', () => {
    const error = failure(withLine(16, '            kinds: [policy.document, policy.memo]'));
    expect(error.issues).toEqual([
      {
        file: 'demo.yaml',
        line: 16,
        column: 38,
        path: '/objectives/0/controls/0/requirements/0/kinds/1',
        problem: 'unknown artifact kind "policy.memo"',
      },
    ]);
  });

  it('rejects a window for a kind the requirement does not select', () => {
    const error = failure(withLine(19, '            freshness: { policy.document: P1Y, code.review: P30D }'));
    expect(error.issues[0]).toMatchObject({ line: 19, problem: expect.stringContaining('does not select') });
  });

  it('rejects predicates scoped to a kind the requirement does not select', () => {
    const error = failure(
      withLine(18, '              - { kind: code.review, attr: approved, op: eq, value: true }'),
    );
    expect(error.issues[0]).toMatchObject({
      line: 18,
      path: '/objectives/0/controls/0/requirements/0/where/0/kind',
    });
  });

  it('rejects duplicate control ids and controls outside their objective', () => {
    const duplicate = `${VALID}${VALID.split('\n').slice(8, 21).join('\n')}\n`;
    const error = failure(duplicate);
    expect(error.issues.map((issue) => [issue.line, issue.problem])).toEqual([
      [21, 'duplicate control id "A.2.2"'],
    ]);
    const misplaced = failure(withLine(9, '      - id: A.3.2'));
    expect(misplaced.issues[0]).toMatchObject({
      line: 9,
      problem: 'control "A.3.2" does not belong to objective "A.2"',
    });
  });

  it('rejects duplicate requirement ids within a control', () => {
    const requirement = VALID.split('\n').slice(13, 21).join('\n');
    const error = failure(`${VALID}${requirement}\n`);
    expect(error.issues[0]).toMatchObject({
      line: 21,
      problem: 'duplicate requirement id "policy" in control A.2.2',
    });
  });

  it('rejects a document that is not a library at all', () => {
    const error = failure('- just\n- a list\n');
    expect(error.issues[0]).toMatchObject({ line: 1, problem: 'must be object' });
  });
});
