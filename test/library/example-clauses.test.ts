// The example workspace scored on clauses 4 to 10 besides Annex A, as its README tells it, and
// the forecast for its next audit: what lapses before the surveillance audit and who must renew it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { certificationCalendar, forecast, nextAudit } from '@aims/scoring';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  control,
  EXAMPLE,
  exampleInventory,
  exampleLibraries,
  harvestWorkspace,
  NOW,
  score,
  unmetMembers,
} from './support.ts';

const versions = await harvestWorkspace();
const library = await exampleLibraries();
const context = { inventory: { aiSystems: await exampleInventory() } };
const evaluation = score(library, versions, context);
const config = parse(await readFile(join(EXAMPLE, 'aims.yaml'), 'utf8')) as {
  certification: { certifiedAt: string; body: string };
  owners: Record<string, { name: string; email?: string }>;
};

const clauses = (status: string) =>
  evaluation.controls
    .filter((result) => result.library === 'clauses' && result.status === status)
    .map((result) => result.controlId);

describe('the example workspace on clauses 4 to 10', () => {
  it('is compliant where its management-system evidence holds up, and nowhere else', () => {
    expect(clauses('compliant')).toEqual(['4.1', '4.3', '5.1', '6.1.2', '6.1.3', '8.3', '9.2', '10.1']);
    expect(clauses('partially_compliant')).toEqual(['5.2', '10.2']);
    expect(evaluation.clauses).toMatchObject({
      controls: 27,
      compliant: 8,
      partiallyCompliant: 2,
      notCompliant: 17,
    });
  });

  it('keeps its Annex A totals as they were', () => {
    expect(evaluation.overall).toMatchObject({
      controls: 38,
      applicable: 37,
      notApplicable: 1,
      compliant: 5,
      partiallyCompliant: 1,
      notCompliant: 31,
    });
    expect(control(evaluation, 'A.2.2').status).toBe('compliant');
  });

  it('says why: no record the policy was communicated, a corrective action past its due date', () => {
    expect(
      control(evaluation, '5.2')
        .requirements.filter((r) => !r.satisfied)
        .map((r) => r.requirementId),
    ).toEqual(['ai-policy-communicated']);
    const overdue = control(evaluation, '10.2').requirements.find(
      (r) => r.requirementId === 'no-corrective-action-records-past-due',
    );
    expect(overdue?.against?.offending.map((ref) => ref.key)).toEqual([
      'kestrel/evidence-folder/file:evidence/records/corrective-action-ca-2026-02.md',
    ]);
    // Document control: documents marked approved that name no approver count against 7.5.
    const approvals = control(evaluation, '7.5').requirements.find(
      (r) => r.requirementId === 'no-approval-without-approver',
    );
    expect(approvals?.against?.count).toBeGreaterThan(5);
  });

  it('names the AI system the per-system clauses fail for', () => {
    expect(unmetMembers(control(evaluation, '4.3'))).toEqual([]);
    expect(unmetMembers(control(evaluation, '8.2'))).toEqual([
      'risk-assessment-per-system:dispatch-assistant',
    ]);
    expect(unmetMembers(control(evaluation, '8.4'))).toEqual(['assessment-per-system:dispatch-assistant']);
  });

  it('takes its Statement of Applicability record as evidence for 6.1.3', () => {
    const soa = control(evaluation, '6.1.3').requirements.find(
      (r) => r.requirementId === 'statement-of-applicability',
    );
    expect(soa?.satisfiedBy.map((ref) => ref.key)).toEqual([
      'kestrel/evidence-folder/file:overlays/statement-of-applicability.yaml',
    ]);
  });
});

describe("the example's next audit", () => {
  const audit = nextAudit(config.certification, Date.parse(NOW));
  const result = forecast(library, versions, {
    now: NOW,
    at: audit?.at ?? NOW,
    context,
    owners: config.owners,
  });

  it('is the first surveillance audit, a year after certification', () => {
    expect(audit).toEqual({
      kind: 'surveillance',
      date: '2027-03-16',
      at: '2027-03-16T00:00:00.000Z',
      body: 'Northgate Certification Ltd (fictional)',
    });
    expect(certificationCalendar(config.certification).map((entry) => entry.date)).toEqual([
      '2027-03-16',
      '2028-03-16',
      '2029-03-16',
    ]);
  });

  it('finds 5.1 lapsing with the Board minutes, and lists what to renew before it with its owner', () => {
    const worse = result.notCompliant.filter((c) => c.statusNow !== c.status);
    expect(worse.map((c) => [c.controlId, c.statusNow, c.status])).toEqual([
      ['5.1', 'compliant', 'not_compliant'],
    ]);
    expect(
      result.renew.map((r) => [r.expiresAt.slice(0, 10), r.controlId, r.requirementId, r.owner.name]),
    ).toEqual([
      ['2027-01-20', 'A.2.3', 'security-policy-approved', 'Tom Okafor'],
      ['2027-02-05', 'A.2.3', 'privacy-policy-approved', 'Hannah Lindqvist'],
      ['2027-03-10', '5.1', 'top-management-involved', 'Priya Raman'],
    ]);
    expect(result.renew.every((r) => r.breaksRequirement)).toBe(true);
  });
});
