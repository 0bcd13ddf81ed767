import type { ArtifactKind } from '@aims/core';
import { describe, expect, it } from 'vitest';
import { artifact, DAY, iso, miniLibrary, T0, testRun } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import type { ScorableArtifact } from '../engine/types.js';
import { computeKpis } from './compute.js';
import type { KpiDefinition, KpiMetric } from './types.js';

const kpi = (metric: KpiMetric, target: KpiDefinition['target'], extra: Partial<KpiDefinition> = {}) => ({
  id: metric.replaceAll('_', '-'),
  metric,
  target,
  reviewCadence: 'P3M',
  ...extra,
});

/** An artifact of a kind the kind list may not name yet (audit kinds are being added). */
const of = (kind: string, attributes: Record<string, unknown>, overrides: Partial<ScorableArtifact> = {}) =>
  artifact(kind as ArtifactKind, attributes, overrides);

const empty = evaluate(miniLibrary(), [], T0);

describe('computeKpis', () => {
  it('shares compliant controls and clauses out of the applicable ones, null when none applies', () => {
    const evaluation = {
      controls: [],
      overall: { ...empty.overall, applicable: 8, compliant: 6 },
      clauses: { ...empty.clauses, applicable: 0, compliant: 0 },
    };
    const [controls, clauses] = computeKpis(
      [
        kpi('controls_compliant_share', { op: 'gte', value: 80 }),
        kpi('clauses_compliant_share', { op: 'gte', value: 50 }),
      ],
      { evaluation, openGaps: [], artifacts: [], now: T0 },
    );
    expect(controls).toMatchObject({
      value: 75,
      met: false,
      unit: 'percent',
      title: 'Annex A controls compliant',
      note: '6 of 8 applicable Annex A controls compliant',
    });
    expect(clauses).toMatchObject({ value: null, met: null, note: 'no applicable clauses' });
  });

  it('counts fresh matches over matches of the requirements in favour of applicable controls', () => {
    const library = miniLibrary();
    const runs = [testRun(), testRun({ effectiveAt: iso(T0 - 400 * DAY) })];
    const evaluation = evaluate(library, runs, T0);
    let present = 0;
    let fresh = 0;
    for (const control of evaluation.controls)
      for (const requirement of control.requirements)
        if (control.status !== 'not_applicable' && requirement.counts === 'for') {
          present += requirement.presentCount;
          fresh += requirement.freshCount;
        }
    expect(present).toBeGreaterThan(fresh);
    const [share] = computeKpis([kpi('evidence_fresh_share', { op: 'gte', value: 90 })], {
      evaluation,
      openGaps: [],
      artifacts: runs,
      now: T0,
    });
    expect(share?.value).toBeCloseTo((fresh / present) * 100, 2);
    expect(share?.met).toBe(false);
    expect(
      computeKpis([kpi('evidence_fresh_share', { op: 'gte', value: 90 })], {
        evaluation: empty,
        openGaps: [],
        artifacts: [],
        now: T0,
      })[0],
    ).toMatchObject({ value: null, met: null });
  });

  it('takes the mean age of open gaps in days and counts them', () => {
    const openGaps = [{ openedAt: iso(T0 - 10 * DAY) }, { openedAt: iso(T0 - 30 * DAY) }];
    const [age, count] = computeKpis(
      [kpi('mean_gap_age_days', { op: 'lte', value: 14 }), kpi('open_gaps', { op: 'lte', value: 2 })],
      { evaluation: empty, openGaps, artifacts: [], now: T0 },
    );
    expect(age).toMatchObject({ value: 20, met: false, unit: 'days' });
    expect(count).toMatchObject({ value: 2, met: true, unit: 'count' });
    const [none] = computeKpis([kpi('mean_gap_age_days', { op: 'lte', value: 14 })], {
      evaluation: empty,
      openGaps: [],
      artifacts: [],
      now: T0,
    });
    expect(none).toMatchObject({ value: 0, met: true });
  });

  it('counts nonconformities without a closed corrective action, reading attributes defensively', () => {
    const finding = (findingId: unknown, grade: string, overrides: Partial<ScorableArtifact> = {}) =>
      of('audit.finding', { findingId, auditId: 'IA-1', grade, controls: ['7.5'] }, overrides);
    const artifacts = [
      finding('F1', 'minor_nonconformity'),
      finding('F2', 'major_nonconformity'),
      finding('F3', 'observation'),
      finding('F4', 'minor_nonconformity', { tombstone: true }),
      finding(undefined, 'major_nonconformity'),
      finding('F5', 'minor_nonconformity'),
      of('audit.corrective-action', { actionId: 'CA1', findingId: 'F1', status: 'closed' }),
      of('audit.corrective-action', { actionId: 'CA2', findingId: 'F2', status: 'open' }),
      of(
        'audit.corrective-action',
        { actionId: 'CA5', findingId: 'F5', status: 'closed' },
        { tombstone: true },
      ),
    ];
    const [open] = computeKpis([kpi('open_nonconformities', { op: 'lte', value: 0 })], {
      evaluation: empty,
      openGaps: [],
      artifacts,
      now: T0,
    });
    // F2 (action still open), the finding without an id and F5 (its action is gone) stay open.
    expect(open).toMatchObject({
      value: 3,
      met: false,
      note: '3 of 4 nonconformities without a closed corrective action',
    });
  });

  it('shares production model versions whose evaluation or source run is within the fairness threshold', () => {
    const run = (runId: string, metrics: Record<string, unknown>) =>
      of('ml.run', { runId, experimentId: '1', status: 'FINISHED', metrics });
    const model = (version: string, attributes: Record<string, unknown>) =>
      of('ml.model-version', { model: 'claims', version, status: 'READY', ...attributes });
    const artifacts = [
      run('r1', { 'fairness.demographic_parity_diff': 0.04 }),
      run('r2', { fairness: { demographic_parity_diff: -0.2 } }),
      run('r3', { 'fairness.equalized_odds_diff': 0.08 }),
      run('r4', { accuracy: 0.9 }),
      model('1', { production: true, evaluationRunId: 'r1' }),
      model('2', { production: true, evaluationRunId: 'r2' }),
      model('3', { production: true, evaluationRunId: 'r4', sourceRunId: 'r3' }),
      model('4', { production: true, sourceRunId: 'r4' }),
      model('5', { production: false, evaluationRunId: 'r2' }),
    ];
    const definition = kpi(
      'production_models_fairness_within',
      { op: 'gte', value: 100 },
      { params: { metrics: ['fairness.demographic_parity_diff', 'fairness.equalized_odds_diff'], max: 0.1 } },
    );
    const [share] = computeKpis([definition], { evaluation: empty, openGaps: [], artifacts, now: T0 });
    // 1 (0.04) and 3 (its source run: 0.08) are within; 2 is |-0.2| past it; 4 logs no such metric.
    expect(share).toMatchObject({
      value: 50,
      met: false,
      note: '2 of 4 production model versions within 0.1; 1 without fairness.demographic_parity_diff or fairness.equalized_odds_diff',
    });
    const [none] = computeKpis([definition], { evaluation: empty, openGaps: [], artifacts: [], now: T0 });
    expect(none).toMatchObject({ value: null, met: null, note: 'no production model versions' });
  });

  it('dues the next review one cadence after the latest approved KPI report or management review', () => {
    const record = (docType: string, attributes: Record<string, unknown>) =>
      artifact('record.document', { docType, path: `${docType}.md`, ...attributes });
    const definitions = [kpi('open_gaps', { op: 'lte', value: 0 }, { reviewCadence: 'P1M' })];
    const [never] = computeKpis(definitions, { evaluation: empty, openGaps: [], artifacts: [], now: T0 });
    expect(never?.nextReviewAt).toBeUndefined();
    expect(never?.lastReviewedAt).toBeUndefined();
    const artifacts = [
      record('kpi-report', { approved: true, approvedBy: 'Priya', approvedAt: '2026-04-10' }),
      record('management-review', { approved: true, approvedBy: 'Board', reviewedAt: '2026-05-02' }),
      // Not a review: unapproved, no approver, not a review record, or after now.
      record('management-review', { approved: true, approvedAt: '2026-05-20' }),
      record('kpi-report', { approved: false, approvedBy: 'Priya', approvedAt: '2026-05-21' }),
      record('objectives', { approved: true, approvedBy: 'Priya', approvedAt: '2026-05-22' }),
      record('kpi-report', { approved: true, approvedBy: 'Priya', approvedAt: '2026-07-01' }),
    ];
    const [reviewed] = computeKpis(definitions, { evaluation: empty, openGaps: [], artifacts, now: T0 });
    expect(reviewed).toMatchObject({
      lastReviewedAt: '2026-05-02T00:00:00.000Z',
      nextReviewAt: '2026-06-02T00:00:00.000Z',
    });
  });
});

describe('the default KPIs', () => {
  it('apply when the config names none, and compute over an empty workspace', async () => {
    const { DEFAULT_KPIS, kpisOrDefault } = await import('./defaults.js');
    expect(kpisOrDefault(undefined)).toBe(DEFAULT_KPIS);
    expect(kpisOrDefault([])).toEqual([]);
    const values = computeKpis(DEFAULT_KPIS, { evaluation: empty, openGaps: [], artifacts: [], now: T0 });
    expect(values.map((v) => [v.kpiId, v.value, v.met])).toEqual([
      ['controls-compliant', 0, false],
      ['clauses-compliant', null, null],
      ['evidence-fresh', null, null],
      ['mean-gap-age', 0, true],
      ['open-nonconformities', 0, true],
      ['production-fairness', null, null],
    ]);
  });
});
