// The example workspace scores what an auditor would find in Kestrel Freight's evidence, as its
// README tells it; and its Statement of Applicability is evidence and follows the SoA rules.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyOverlays, LibraryError, loadOverlay } from '@aims/scoring';
import { describe, expect, it } from 'vitest';
import {
  control,
  EXAMPLE,
  exampleInventory,
  exampleLibrary,
  harvestWorkspace,
  iso42001,
  score,
  unmetMembers,
} from './support.ts';

const versions = await harvestWorkspace();
const evaluation = score(await exampleLibrary(), versions, {
  inventory: { aiSystems: await exampleInventory() },
});
function libraryError(run: () => unknown): LibraryError {
  try {
    run();
  } catch (error) {
    if (error instanceof LibraryError) return error;
    throw error;
  }
  throw new Error('expected a LibraryError');
}

const statuses = (status: string) =>
  evaluation.controls.filter((result) => result.status === status).map((result) => result.controlId);

describe('the example workspace (Kestrel Freight)', () => {
  it('is compliant where its evidence holds up, and nowhere else', () => {
    expect(statuses('compliant')).toEqual(['A.2.2', 'A.2.4', 'A.4.3', 'A.7.5', 'A.9.4']);
    expect(statuses('partially_compliant')).toEqual(['A.2.3']);
    expect(statuses('not_applicable')).toEqual(['A.10.4']);
    expect(evaluation.overall).toMatchObject({
      controls: 38,
      applicable: 37,
      notApplicable: 1,
      compliant: 5,
      partiallyCompliant: 1,
      notCompliant: 31,
    });
  });

  it('names the AI system each per-system control fails for', () => {
    expect(unmetMembers(control(evaluation, 'A.5.3'))).toEqual(['assessment-per-system:dispatch-assistant']);
    expect(unmetMembers(control(evaluation, 'A.6.2.3'))).toEqual(['design-per-system:dispatch-assistant']);
    expect(unmetMembers(control(evaluation, 'A.6.2.7'))).toEqual([
      'technical-documentation-per-system:dispatch-assistant',
      'model-card-per-system:dispatch-assistant',
    ]);
    // The claims-triage user guide was never approved; dispatch-assistant has none.
    expect(unmetMembers(control(evaluation, 'A.8.2'))).toEqual([
      'user-guide-per-system:claims-triage',
      'user-guide-per-system:dispatch-assistant',
    ]);
  });

  it('does not take "approved: true" without an approver for an approval', () => {
    const roles = control(evaluation, 'A.3.2').requirements.find((r) => r.requirementId === 'roles-approved');
    expect(roles).toMatchObject({ satisfied: false, presentCount: 0 });
    const parties = control(evaluation, 'A.8.5');
    expect(parties).toMatchObject({ status: 'not_compliant', unmetEssential: ['interested-parties-record'] });
  });

  it('names both datasets that lack a current, signed-off quality report', () => {
    expect(unmetMembers(control(evaluation, 'A.7.4'))).toEqual([
      'quality-report-per-dataset:claims-history',
      'quality-report-per-dataset:weather-observations',
    ]);
  });
});

describe("the example's Statement of Applicability", () => {
  const file = join(EXAMPLE, 'overlays/statement-of-applicability.yaml');

  it('is harvested as an approved, dated record like any document', () => {
    const soa = versions.find(
      (version) => version.externalId === 'file:overlays/statement-of-applicability.yaml',
    );
    expect(soa).toMatchObject({
      kind: 'record.document',
      title: 'Statement of Applicability',
      effectiveAt: '2026-08-11T00:00:00.000Z',
      attributes: {
        docType: 'statement-of-applicability',
        approved: true,
        approvedBy: 'AI Governance Board (minute 2026-08-11/3)',
        approvedAt: '2026-08-11',
        nextReviewAt: '2027-08-11',
      },
    });
  });

  it('excludes A.10.4 with its justification, approver, dates and risk treatment, outside the totals', () => {
    expect(control(evaluation, 'A.10.4')).toMatchObject({
      status: 'not_applicable',
      nextExpiryAt: '2027-08-11T00:00:00.000Z',
      notApplicable: {
        approvedBy: 'AI Governance Board (minute 2026-08-11/3)',
        approvedAt: '2026-08-11',
        reviewBy: '2027-08-11',
        riskTreatment: expect.stringContaining('risk treatment plan'),
        reviewOverdue: false,
      },
    });
    expect(evaluation.objectives.find((o) => o.objectiveId === 'A.10')).toMatchObject({
      applicable: 2,
      notApplicable: 1,
    });
  });

  it('refuses to exclude an impact-assessment control, naming the file and line', async () => {
    const text = (await readFile(file, 'utf8')).replace('  A.10.4:\n', '  A.5.3:\n');
    const line = text.split('\n').findIndex((row) => row.startsWith('    notApplicable:')) + 1;
    const error = libraryError(() => applyOverlays(iso42001, [loadOverlay(text, file)]));
    expect(error.issues.map((issue) => [issue.file, issue.line, issue.problem])).toEqual([
      [file, line, expect.stringMatching(/^control A\.5\.3 cannot be excluded: clauses 6\.1\.4 and 8\.4/)],
    ]);
  });

  it('refuses an exclusion nobody approved, naming the file and line', async () => {
    const text = (await readFile(file, 'utf8')).replace(/^ {6}approvedBy: .*\n/m, '');
    const line = text.split('\n').findIndex((row) => row.startsWith('    notApplicable:')) + 1;
    const error = libraryError(() => loadOverlay(text, file));
    expect(error.issues.map((issue) => [issue.line, issue.problem])).toEqual([
      [line, 'missing required property "approvedBy"'],
    ]);
    expect(error.message).toContain(`${file}:${line}:`);
  });
});
