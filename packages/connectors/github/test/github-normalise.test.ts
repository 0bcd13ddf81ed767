import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approversOf,
  DEFAULT_WORKFLOW_PURPOSES,
  linkedIssuesOf,
  parseCodeowners,
  purposeOf,
} from '../src/index.js';

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

  it('does not take lint, formatting or scanning for tests, nor a scheduled bot for monitoring', () => {
    expect(purposeOf('lint', DEFAULT_WORKFLOW_PURPOSES)).toBe('static-analysis');
    expect(purposeOf('Lint and format check', DEFAULT_WORKFLOW_PURPOSES)).toBe('static-analysis');
    expect(purposeOf('CodeQL', DEFAULT_WORKFLOW_PURPOSES)).toBe('static-analysis');
    expect(purposeOf('Dependabot Updates', DEFAULT_WORKFLOW_PURPOSES)).toBe('static-analysis');
    expect(purposeOf('Nightly drift monitor', DEFAULT_WORKFLOW_PURPOSES)).toBe('monitoring');
    expect(purposeOf('Unit tests', DEFAULT_WORKFLOW_PURPOSES)).toBe('test');
  });
});

describe('linkedIssuesOf', () => {
  const pr = (title: string, body: string | null, ref = 'feature') => ({
    number: 1,
    title,
    body,
    html_url: '',
    state: 'closed',
    user: null,
    updated_at: '',
    merged_at: null,
    head: { ref },
    base: { ref: 'main' },
  });

  it('reads closing references and tracker keys of the configured projects', () => {
    expect(linkedIssuesOf(pr('Fix ranking', 'Fixes #12 and resolves acme/models#3'), [])).toEqual([
      '#12',
      'acme/models#3',
    ]);
    expect(linkedIssuesOf(pr('AIMS-42: retrain', null, 'RISK-7-thresholds'), ['AIMS', 'RISK'])).toEqual([
      'AIMS-42',
      'RISK-7',
    ]);
  });

  it('does not take a mention, a hash or an unconfigured key for a link', () => {
    expect(linkedIssuesOf(pr('Use SHA-256 for UTF-8 names', 'see #12, step #1', 'AIMS-42'), [])).toEqual([]);
    expect(linkedIssuesOf(pr('Bump ISO-42001 notes', null), ['AIMS'])).toEqual([]);
  });
});
