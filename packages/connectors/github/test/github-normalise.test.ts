import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approversOf, DEFAULT_WORKFLOW_PURPOSES, parseCodeowners, purposeOf } from '../src/index.js';

describe('parseCodeowners', () => {
  it('reads patterns and owners, skipping comments and blank lines', () => {
    expect(parseCodeowners('# top\n\n*.md @docs-team   @alice # trailing\n/src/ @org/platform\n')).toEqual([
      { pattern: '*.md', owners: ['@docs-team', '@alice'] },
      { pattern: '/src/', owners: ['@org/platform'] },
    ]);
  });

  it('never yields empty patterns whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) =>
        parseCodeowners(text).every((r) => r.pattern.length > 0 && !r.pattern.startsWith('#')),
      ),
    );
  });
});

describe('approversOf', () => {
  const review = (login: string, state: string, at: string) => ({ user: { login }, state, submitted_at: at });
  it('counts a reviewer once, by their latest decisive review', () => {
    const result = approversOf([
      review('a', 'APPROVED', '2026-01-01T00:00:00Z'),
      review('b', 'APPROVED', '2026-01-02T00:00:00Z'),
      review('b', 'CHANGES_REQUESTED', '2026-01-03T00:00:00Z'),
      review('a', 'COMMENTED', '2026-01-04T00:00:00Z'),
      review('c', 'APPROVED', '2026-01-05T00:00:00Z'),
      review('c', 'APPROVED', '2026-01-06T00:00:00Z'),
    ]);
    expect(result).toEqual({ approvers: ['a', 'c'], lastApprovalAt: '2026-01-06T00:00:00Z' });
  });
});

describe('purposeOf', () => {
  it('maps workflow names with the default rules', () => {
    expect(purposeOf('Fairness evaluation', DEFAULT_WORKFLOW_PURPOSES)).toBe('evaluation');
    expect(purposeOf('Deploy to production', DEFAULT_WORKFLOW_PURPOSES)).toBe('deploy');
    expect(purposeOf('CI', DEFAULT_WORKFLOW_PURPOSES)).toBe('test');
    expect(purposeOf('Build image', DEFAULT_WORKFLOW_PURPOSES)).toBe('build');
    expect(purposeOf('Label issues', DEFAULT_WORKFLOW_PURPOSES)).toBe('other');
  });
});
