import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlOf, DAY, iso, MINI_PATH, T0 } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { IncrementalScorer } from '../engine/incremental.js';
import { LibraryError } from '../errors.js';
import { loadLibrary } from './load.js';
import { applyOverlays, loadOverlay } from './overlay.js';

// The Statement of Applicability: an exclusion is a decision with a reason, an approver, a date
// and a review date; some controls cannot be excluded at all.

const library = loadLibrary(
  readFileSync(MINI_PATH, 'utf8').replace(
    '        tags: [accountability, transparency]\n',
    '        tags: [accountability, transparency]\n        cannotExclude: clause 5.2 requires an AI policy.\n',
  ),
  'mini-library.yaml',
);

const soa = (exclusion: string, control = 'A.10.3') =>
  `overlay: acme\ncontrols:\n  ${control}:\n    notApplicable:\n${exclusion}`;

const COMPLETE = `      justification: We use no third-party AI components or data suppliers.
      approvedBy: AI Governance Board
      approvedAt: 2026-05-04
      reviewBy: 2026-12-01
`;

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LibraryError) return error.issues.map((i) => `${i.file}:${i.line}: ${i.problem}`);
    throw error;
  }
  throw new Error('expected a LibraryError');
}

const merge = (text: string) => applyOverlays(library, [loadOverlay(text, 'soa.yaml')]);

describe('exclusions in the Statement of Applicability', () => {
  it('refuses an exclusion without justification, approver, approval date or review date', () => {
    expect(issuesOf(() => loadOverlay(soa('      {}\n'), 'soa.yaml'))).toEqual([
      'soa.yaml:4: missing required property "justification"',
      'soa.yaml:4: missing required property "approvedBy"',
      'soa.yaml:4: missing required property "approvedAt"',
      'soa.yaml:4: missing required property "reviewBy"',
    ]);
    const withoutReview = COMPLETE.replace(/ {6}reviewBy.*\n/, '');
    expect(issuesOf(() => loadOverlay(soa(withoutReview), 'soa.yaml'))).toEqual([
      'soa.yaml:4: missing required property "reviewBy"',
    ]);
    const short = COMPLETE.replace(/justification: .*/, 'justification: n/a');
    expect(issuesOf(() => loadOverlay(soa(short), 'soa.yaml'))).toEqual([
      'soa.yaml:5: must NOT have fewer than 20 characters',
    ]);
  });

  it('refuses dates that do not exist and a review date before the approval', () => {
    const impossible = COMPLETE.replace('2026-05-04', '2026-02-31');
    expect(issuesOf(() => merge(soa(impossible)))).toEqual([
      'soa.yaml:7: approvedAt "2026-02-31" is not a date',
    ]);
    const backwards = COMPLETE.replace('2026-12-01', '2026-01-01');
    expect(issuesOf(() => merge(soa(backwards)))).toEqual([
      'soa.yaml:8: reviewBy 2026-01-01 is not after the approval on 2026-05-04',
    ]);
    expect(issuesOf(() => loadOverlay(soa(COMPLETE.replace('2026-12-01', 'next year')), 'soa.yaml'))).toEqual(
      [expect.stringMatching(/^soa\.yaml:8: must match pattern/)],
    );
  });

  it('refuses to exclude a control the management system depends on, naming the line', () => {
    expect(issuesOf(() => merge(soa(COMPLETE, 'A.2.2')))).toEqual([
      'soa.yaml:4: control A.2.2 cannot be excluded: clause 5.2 requires an AI policy.',
    ]);
  });

  it('shows the exclusion with its approval, and its review as overdue once the review date passes', () => {
    const excluded = merge(soa(`${COMPLETE}      riskTreatment: RISK-14\n`));
    const reviewBy = Date.parse('2026-12-01T00:00:00Z');
    const before = controlOf(evaluate(excluded, [], T0), 'A.10.3');
    expect(before).toMatchObject({
      status: 'not_applicable',
      nextExpiryAt: iso(reviewBy),
      notApplicable: {
        justification: 'We use no third-party AI components or data suppliers.',
        approvedBy: 'AI Governance Board',
        approvedAt: '2026-05-04',
        reviewBy: '2026-12-01',
        riskTreatment: 'RISK-14',
        overlay: 'acme',
        reviewOverdue: false,
      },
    });
    const after = controlOf(evaluate(excluded, [], reviewBy), 'A.10.3');
    expect(after.notApplicable?.reviewOverdue).toBe(true);
    expect(after.nextExpiryAt).toBeUndefined();

    const scorer = new IncrementalScorer(excluded);
    scorer.load([]);
    expect(controlOf(scorer.evaluateAt(reviewBy - DAY), 'A.10.3').notApplicable?.reviewOverdue).toBe(false);
    expect(controlOf(scorer.evaluateAt(reviewBy), 'A.10.3').notApplicable?.reviewOverdue).toBe(true);
    expect(scorer.lastRecomputed).toEqual(['A.10.3']);
  });

  it('counts an excluded control as excluded, with coverage over the applicable ones only', () => {
    const overall = evaluate(merge(soa(COMPLETE)), [], T0).overall;
    const without = evaluate(library, [], T0).overall;
    expect(overall).toMatchObject({ controls: 4, applicable: 3, notApplicable: 1 });
    expect(without).toMatchObject({ controls: 4, applicable: 4, notApplicable: 0 });
    expect(overall.coverage).toBe(0);
  });
});
