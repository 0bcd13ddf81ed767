import { describe, expect, it } from 'vitest';
import {
  aiPolicy,
  artifact,
  DAY,
  iso,
  mechanismsLibrary,
  miniLibrary,
  T0,
  testRun,
} from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { gapReportToCsv, gapReportToJson, gapReportToTable } from './format.js';
import { gapReport } from './report.js';

const library = miniLibrary();

describe('gapReport', () => {
  it('lists non-compliant controls by priority score, ties in library order', () => {
    const report = gapReport(evaluate(library, [], T0));
    expect(report.gaps.map((gap) => [gap.controlId, gap.priorityScore, gap.priority])).toEqual([
      ['A.2.2', 4.5, 'high'],
      ['A.6.2.4', 4.5, 'high'],
      ['A.6.2.8', 3, 'medium'],
      ['A.10.3', 3, 'medium'],
    ]);
    expect(report.counts).toEqual({ high: 2, medium: 2, low: 0 });
  });

  it('weighs risk tags, partial evidence and stale evidence', () => {
    const stalePolicy = aiPolicy({ effectiveAt: iso(T0 - 400 * DAY) });
    const report = gapReport(evaluate(library, [stalePolicy, testRun()], T0), {
      riskTagWeights: { security: 2 },
    });
    const byId = Object.fromEntries(report.gaps.map((gap) => [gap.controlId, gap]));
    // Stale evidence counts half: 3 * 0.5 * (1 + transparency 0.5).
    expect(byId['A.2.2']).toMatchObject({ priorityScore: 2.25, status: 'partially_compliant' });
    // One of two test runs (2 * 0.5) plus no fairness evidence (1), times 1.5 for fairness.
    expect(byId['A.6.2.4']).toMatchObject({ priorityScore: 3, ownerRole: 'engineering-lead' });
    expect(
      byId['A.6.2.4']?.missing.map((requirement) => [requirement.requirementId, requirement.missingCount]),
    ).toEqual([
      ['tests-passing', 1],
      ['fairness-measured', 1],
    ]);
    // Security now weighs 2: 2 * (1 + 2).
    expect(report.gaps[0]).toMatchObject({ controlId: 'A.6.2.8', priorityScore: 6 });
  });

  it('sets due dates from the priority, configurable in days', () => {
    const evaluation = evaluate(library, [], T0);
    const standard = gapReport(evaluation);
    expect(standard.gaps[0]?.dueAt).toBe(iso(T0 + 30 * DAY));
    expect(standard.gaps[3]?.dueAt).toBe(iso(T0 + 60 * DAY));
    const custom = gapReport(evaluation, {
      now: T0 + DAY,
      dueDays: { high: 7 },
      thresholds: { high: 10, medium: 4 },
    });
    expect(custom.gaps.map((gap) => gap.priority)).toEqual(['medium', 'medium', 'low', 'low']);
    expect(custom.gaps[0]?.dueAt).toBe(iso(T0 + 61 * DAY));
    expect(custom.gaps[3]?.dueAt).toBe(iso(T0 + 91 * DAY));
  });

  it('leaves out compliant and not applicable controls', () => {
    const report = gapReport(evaluate(library, [aiPolicy()], T0));
    expect(report.gaps.map((gap) => gap.controlId)).not.toContain('A.2.2');
  });

  it('renders JSON, CSV and a text table', () => {
    const report = gapReport(evaluate(library, [testRun()], T0));
    expect(JSON.parse(gapReportToJson(report))).toEqual(report);

    const csv = gapReportToCsv(report).trimEnd().split('\n');
    expect(csv[0]).toBe(
      'priority,priority_score,control_id,title,objective_id,status,coverage,owner_role,due_at,tags,missing_requirements,missing_evidence',
    );
    expect(csv).toHaveLength(1 + report.gaps.length);
    const validation = csv.find((line) => line.includes(',A.6.2.4,'));
    expect(validation).toContain('partially_compliant,33.33,engineering-lead');
    expect(validation).toContain(
      '"Two successful test runs in the last 30 days.; A run with a fairness metric, or an approved evaluation record."',
    );

    const table = gapReportToTable(report).trimEnd().split('\n');
    expect(table[0]).toMatch(
      /^PRIORITY\s+SCORE\s+CONTROL\s+TITLE\s+STATUS\s+COVERAGE\s+OWNER\s+DUE\s+MISSING$/,
    );
    expect(table).toHaveLength(2 + report.gaps.length + 1);
    expect(table.find((line) => line.includes('A.6.2.4'))).toMatch(
      /partial\s+33\.3%\s+engineering-lead\s+2026-07-\d\d\s+tests-passing, fairness-measured/,
    );
    expect(table.at(-1)).toBe(
      `4 gaps: ${report.counts.high} high, ${report.counts.medium} medium, ${report.counts.low} low`,
    );
  });

  it('scores counter-evidence and per-member shortfalls from coverage, never as 0/0', () => {
    const bucket = (name: string, allBlocked: boolean) =>
      artifact(
        'storage.bucket-config',
        {
          bucket: name,
          encryption: { enabled: true },
          versioning: 'Enabled',
          publicAccessBlock: { allBlocked },
        },
        { key: `acme/s3/bucket:${name}` },
      );
    const context = { sourceReads: new Map([['s3', iso(T0)]]) };
    const evaluation = evaluate(mechanismsLibrary(), [bucket('models', true), bucket('exports', false)], T0, {
      context,
    });
    const gap = gapReport(evaluation).gaps.find((candidate) => candidate.controlId === 'A.4.5');
    // The public bucket counts against (weight 3, shortfall 1); both buckets are encrypted and
    // read (the per-bucket requirement is met). Security adds 0.5: 3 * 1.5.
    expect(gap).toMatchObject({ status: 'not_compliant', priorityScore: 4.5, priority: 'high' });
    expect(gap?.missing.map((requirement) => requirement.requirementId)).toEqual(['no-public-buckets']);
    const systems = gapReport(
      evaluate(mechanismsLibrary(), [], T0, {
        context: { inventory: { aiSystems: [{ id: 'claims-triage' }, { id: 'dispatch-assistant' }] } },
      }),
    ).gaps;
    for (const candidate of systems)
      expect(Number.isFinite(candidate.priorityScore), candidate.controlId).toBe(true);
  });
});
