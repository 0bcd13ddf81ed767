import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMesh, type TestMesh } from '../test/example-mesh.js';

let running: TestMesh;
const get = (path: string) => running.call(path);

beforeAll(async () => {
  running = await startTestMesh('kpis');
}, 90_000);

afterAll(async () => {
  await running?.stop();
});

describe('KPIs and management reviews on the example workspace', () => {
  it('answers /v1/kpis without an API key with the configured KPIs, computed from the scores', async () => {
    const res = await get('/v1/kpis');
    expect(res.status).toBe(200);
    expect(res.body.items.map((k: { id: string }) => k.id)).toEqual(
      (running.mesh.config.kpis ?? []).map((k) => k.id),
    );
    expect(res.body.items.length).toBeGreaterThan(0);
    const byId = new Map(res.body.items.map((k: { id: string }) => [k.id, k]));
    const totals = (await get('/v1/controls')).body.totals;
    const share = (t: { compliant: number; controls: number; notApplicable: number }) =>
      Math.round((t.compliant / (t.controls - t.notApplicable)) * 10_000) / 100;
    expect(byId.get('controls-compliant')).toMatchObject({
      value: share(totals.overall),
      met: share(totals.overall) >= 80,
      unit: 'percent',
    });
    expect(byId.get('clauses-compliant')).toMatchObject({ value: share(totals.clauses) });
    // Kestrel has no approved KPI report or management review yet: every review is due.
    for (const kpi of res.body.items) {
      expect(kpi.computedAt).toBeDefined();
      expect(kpi.reviewOverdue).toBe(true);
      expect(kpi.history.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('scores clause 9.3 at the configured cadence, with its gap open while no review is approved', async () => {
    const clause = (await get('/v1/controls/9.3')).body;
    expect(clause.status).toBe('not_compliant');
    expect(JSON.stringify(clause)).toContain('P6M');
    const gaps = (await get('/v1/gaps')).body;
    expect(JSON.stringify(gaps)).toContain('"9.3"');
    // The agenda of the planned review is harvested, but unapproved it meets nothing.
    const records = (await get('/v1/artifacts?q=Management%20Review')).body;
    expect(records.items.map((a: { latest: { title: string } }) => a.latest.title)).toContain(
      'Management Review of the AI Management System, January 2027 (agenda, not yet held)',
    );
  });
});
