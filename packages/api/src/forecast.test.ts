import { readLibraryWithOverlays } from '@aims/scoring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import {
  call,
  DOCUMENTS,
  type DocumentSpec,
  type Harness,
  rawRecord,
  startHarness,
  writeRecords,
} from '../test/fixture.js';

// A management review a year old by February: due for renewal before the March 2027 audit.
const REVIEW: DocumentSpec = {
  id: 'management-review-2026',
  kind: 'record.document',
  title: 'Management review February 2026',
  effectiveAt: '2026-02-01T00:00:00Z',
  attributes: {
    docType: 'management-review',
    approved: true,
    approvedBy: 'Board',
    approvedAt: '2026-02-01',
  },
};
const owners = { 'ai-governance-lead': { name: 'Priya Raman', email: 'priya@acme.example' } };
const certification = { certifiedAt: '2026-03-16', body: 'Northgate Certification' };

let harness: Harness;
let withoutCalendar: Harness;

beforeAll(async () => {
  const library = await readLibraryWithOverlays();
  const records = [...DOCUMENTS, REVIEW].map((spec) => rawRecord(spec));
  harness = await startHarness({
    library,
    records,
    inventory: [{ id: 'triage', name: 'Triage' }],
    api: { certification, owners },
  });
  withoutCalendar = await startHarness({ library, records });
});
afterAll(async () => {
  await harness.close();
  await withoutCalendar.close();
});

describe('GET /v1/forecast', () => {
  it('forecasts the next audit by default, with what will not be compliant and what to renew', async () => {
    const { status, body } = await call(harness, '/v1/forecast');
    expect(status).toBe(200);
    expect(contractErrors('Forecast', body)).toEqual([]);
    const audit = {
      kind: 'surveillance',
      date: '2027-03-16',
      at: '2027-03-16T00:00:00.000Z',
      body: 'Northgate Certification',
    };
    expect(body).toMatchObject({ at: '2027-03-16T00:00:00.000Z', audit, nextAudit: audit });
    expect(body.totals.annexA.controls).toBe(38);
    expect(body.totals.clauses.controls).toBe(27);
    const review = body.renew.find((item: { controlId: string }) => item.controlId === '9.3');
    expect(review).toMatchObject({
      action: 'renew',
      artifactKey: 'acme/docs/file:docs/management-review-2026.md',
      title: 'Management review February 2026',
      library: 'clauses',
      requirementId: 'management-review-held',
      expiresAt: '2027-02-01T00:00:00.000Z',
      owner: { role: 'ai-governance-lead', assigned: true, name: 'Priya Raman' },
      breaksRequirement: true,
    });
    const managementReview = body.notCompliant.find((c: { controlId: string }) => c.controlId === '9.3');
    expect(managementReview).toMatchObject({
      statusNow: 'compliant',
      status: 'not_compliant',
      library: 'clauses',
    });
    expect(body.renewTotal).toBe(body.renew.length);
  });

  it('forecasts a date given as a date or an instant, and caps the renewals at limit', async () => {
    const day = await call(harness, '/v1/forecast?at=2027-09-02');
    expect(day.body.at).toBe('2027-09-02T00:00:00.000Z');
    expect(day.body.audit).toBeUndefined();
    // By September the AI and security policies (reviewed 1 September 2026) have lapsed too.
    expect(day.body.renewTotal).toBeGreaterThan(2);
    const one = await call(harness, '/v1/forecast?at=2027-09-02T12:00:00%2B02:00&limit=1');
    expect(one.body.at).toBe('2027-09-02T10:00:00.000Z');
    expect(one.body.renew).toHaveLength(1);
    expect(one.body.renewTotal).toBe(day.body.renewTotal);
    expect(contractErrors('Forecast', one.body)).toEqual([]);
  });

  it.each([
    ['2026-01-01', /must be after now/],
    ['2027-02-30', /must be a date \(2027-03-01\) or a date-time/],
    ['next-spring', /must be a date/],
  ])('answers 400 naming at for at=%s', async (at, message) => {
    const { status, body } = await call(harness, `/v1/forecast?at=${at}`);
    expect(status).toBe(400);
    expect(contractErrors('ErrorResponse', body)).toEqual([]);
    expect(body.error.details).toEqual([{ path: 'at', message: expect.stringMatching(message) }]);
  });

  it('needs at when the workspace has no certification calendar', async () => {
    const { status, body } = await call(withoutCalendar, '/v1/forecast');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'invalid_forecast_date',
      details: [{ path: 'at', message: expect.stringContaining('no certification calendar') }],
    });
    expect((await call(withoutCalendar, '/v1/forecast?at=2027-03-16')).status).toBe(200);
  });

  it('forecasts one AI system over its own evidence, and refuses one nobody knows', async () => {
    const { body } = await call(harness, '/v1/forecast?aiSystem=triage&at=2027-09-02');
    expect(body.aiSystem).toBe('triage');
    // The February review names no AI system: it is not triage's evidence.
    expect(body.renew.map((item: { artifactKey: string }) => item.artifactKey)).not.toContain(
      'acme/docs/file:docs/management-review-2026.md',
    );
    expect((await call(harness, '/v1/forecast?aiSystem=nobody')).status).toBe(404);
  });

  it('follows new evidence: a renewed review is no longer one to renew', async () => {
    const before = await call(harness, '/v1/forecast');
    expect(before.body.notCompliant.map((c: { controlId: string }) => c.controlId)).toContain('9.3');
    await writeRecords(harness.catalogue, harness.library, [
      rawRecord({
        ...REVIEW,
        attributes: { ...REVIEW.attributes, approvedAt: '2026-11-20' },
      }),
    ]);
    const after = await call(harness, '/v1/forecast');
    expect(after.body.notCompliant.map((c: { controlId: string }) => c.controlId)).not.toContain('9.3');
    expect(after.body.renew.map((item: { controlId: string }) => item.controlId)).not.toContain('9.3');
  });
});

describe('GET /v1/controls with clauses', () => {
  it('lists clauses beside Annex A, filters by library and keeps their totals apart', async () => {
    const all = await call(harness, '/v1/controls');
    expect(contractErrors('ControlList', all.body)).toEqual([]);
    expect(all.body.items).toHaveLength(65);
    expect(all.body.totals.overall.controls).toBe(38);
    expect(all.body.totals.clauses.controls).toBe(27);
    expect(all.body.totals.objectives.map((o: { objectiveId: string }) => o.objectiveId).slice(-7)).toEqual([
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
    const clauses = await call(harness, '/v1/controls?library=clauses');
    expect(clauses.body.items.every((c: { library: string }) => c.library === 'clauses')).toBe(true);
    expect(clauses.body.totals).toMatchObject({ overall: { controls: 0 }, clauses: { controls: 27 } });
    const nine = await call(harness, '/v1/controls?objective=9');
    expect(nine.body.items.map((c: { controlId: string }) => c.controlId)).toEqual(['9.1', '9.2', '9.3']);
    const review = await call(harness, '/v1/controls/9.3');
    expect(contractErrors('ControlDetail', review.body)).toEqual([]);
    expect(review.body).toMatchObject({ controlId: '9.3', library: 'clauses', status: 'compliant' });
    expect((await call(harness, '/v1/controls?library=annex')).status).toBe(400);
  });
});
