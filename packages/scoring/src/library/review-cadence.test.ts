import { describe, expect, it } from 'vitest';
import { artifact, controlOf } from '../../test/helpers.ts';
import { evaluate } from '../engine/evaluate.js';
import { advanceGaps } from '../gaps/lifecycle.js';
import { readLibraryWithOverlays } from './files.js';
import { MANAGEMENT_REVIEW } from './review-cadence.js';

const review = (approvedAt: string) =>
  artifact('record.document', {
    docType: 'management-review',
    approved: true,
    approvedBy: 'Board of Directors',
    approvedAt,
    attendees: ['Chief Operating Officer', 'Head of AI Governance'],
    inputs: { auditResults: 'IA-2026-01', riskStatus: 'two risks above appetite' },
    decisions: ['fund an AI risk role'],
    actions: [{ action: 'impact assessment for dispatch-assistant', owner: 'ml-lead', dueAt: '2026-09-30' }],
    path: 'records/management-review.md',
  });

const requirementOf = (library: Awaited<ReturnType<typeof readLibraryWithOverlays>>) =>
  library.controls
    .find((c) => c.id === MANAGEMENT_REVIEW.controlId)
    ?.requirements.find((r) => r.id === MANAGEMENT_REVIEW.requirementId);

describe('the management review cadence of the workspace config', () => {
  it("sets clause 9.3's review window, so a review older than the cadence fails the clause and opens a gap", async () => {
    const yearly = await readLibraryWithOverlays({ libraries: { annexA: false } });
    const halfYearly = await readLibraryWithOverlays({
      libraries: { annexA: false },
      managementReview: { cadence: 'P6M' },
    });
    expect(requirementOf(yearly)?.freshness).toEqual({
      'record.document': expect.objectContaining({ text: 'P365D' }),
    });
    expect(requirementOf(halfYearly)?.freshness).toEqual({
      'record.document': expect.objectContaining({ text: 'P6M' }),
    });
    expect(requirementOf(halfYearly)?.description).toContain('within the configured cadence (P6M)');
    expect(halfYearly.overlays).toEqual(['workspace-config-management-review']);

    // Eight months after the review: within a year, past six months.
    const now = '2026-11-01T00:00:00Z';
    const evidence = [review('2026-03-01')];
    expect(controlOf(evaluate(yearly, evidence, now), '9.3').status).toBe('compliant');
    const evaluation = evaluate(halfYearly, evidence, now);
    const clause = controlOf(evaluation, '9.3');
    expect(clause.status).toBe('not_compliant');
    expect(clause.unmetEssential).toEqual([MANAGEMENT_REVIEW.requirementId]);
    const gaps = advanceGaps(evaluation, [], { now });
    expect(gaps.open.map((gap) => gap.controlId)).toContain('9.3');
    // A review within the cadence meets it again.
    expect(controlOf(evaluate(halfYearly, [review('2026-06-01')], now), '9.3').status).toBe('compliant');
  });

  it('leaves a library without the clauses as it is', async () => {
    const annexA = await readLibraryWithOverlays({
      libraries: { clauses: false },
      managementReview: { cadence: 'P6M' },
    });
    expect(annexA.overlays).toEqual([]);
    expect(annexA.controls.some((c) => c.id === MANAGEMENT_REVIEW.controlId)).toBe(false);
  });

  it("is held to the library's floor", async () => {
    await expect(
      readLibraryWithOverlays({ libraries: { annexA: false }, managementReview: { cadence: 'P4Y' } }),
    ).rejects.toThrow(/P4Y|maxWindow|floor/);
  });
});
