import type { KpiValueWrite } from '@aims/catalogue';
import { DEFAULT_KPIS, type KpiDefinition } from '@aims/scoring';
import { afterEach, describe, expect, it } from 'vitest';
import { contractErrors } from '../test/contract.js';
import { call, type Harness, NOW, startHarness, WORKSPACE } from '../test/fixture.js';

let harness: Harness;
afterEach(async () => {
  await harness?.close();
});

const kpis: KpiDefinition[] = [
  {
    id: 'controls',
    metric: 'controls_compliant_share',
    target: { op: 'gte', value: 60 },
    reviewCadence: 'P3M',
  },
  {
    id: 'gaps',
    title: 'Open gaps',
    metric: 'open_gaps',
    target: { op: 'lte', value: 5 },
    reviewCadence: 'P1M',
  },
  { id: 'fresh', metric: 'evidence_fresh_share', target: { op: 'gte', value: 90 }, reviewCadence: 'P3M' },
];

const at = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function computed(
  kpiId: string,
  value: number | null,
  computedAt: string,
  extra: Partial<KpiValueWrite> = {},
) {
  const write: KpiValueWrite = {
    workspace: WORKSPACE,
    kpiId,
    title: 'as computed',
    metric: kpiId === 'gaps' ? 'open_gaps' : 'controls_compliant_share',
    unit: kpiId === 'gaps' ? 'count' : 'percent',
    value,
    target: { op: 'gte', value: 80 },
    met: value === null ? null : value >= 80,
    note: `note of ${kpiId}`,
    reviewCadence: 'P3M',
    computedAt,
    ...extra,
  };
  return write;
}

describe('GET /v1/kpis', () => {
  it('serves each configured KPI with its latest value, target, review dates and history', async () => {
    harness = await startHarness({ score: false, api: { kpis } });
    const scorer = { type: 'service', id: 'scorer' } as const;
    await harness.catalogue.putKpiValues(
      [computed('controls', 50, at(30)), computed('gaps', 9, at(30))],
      scorer,
    );
    await harness.catalogue.putKpiValues(
      [computed('controls', 70, at(10), { lastReviewedAt: at(100) })],
      scorer,
    );
    await harness.catalogue.putKpiValues(
      [computed('controls', 70, at(1), { lastReviewedAt: at(100) })],
      scorer,
    );

    const res = await call(harness, '/v1/kpis');
    expect(res.status).toBe(200);
    expect(contractErrors('KpiList', res.body)).toEqual([]);
    expect(res.body.computedAt).toBe(at(1));
    const [controls, gaps, fresh] = res.body.items;
    // met and the next review follow the configured target and cadence, not the stored ones.
    expect(controls).toMatchObject({
      id: 'controls',
      title: 'as computed',
      metric: 'controls_compliant_share',
      unit: 'percent',
      target: { op: 'gte', value: 60 },
      value: 70,
      met: true,
      since: at(10),
      computedAt: at(1),
      note: 'note of controls',
      lastReviewedAt: at(100),
      reviewCadence: 'P3M',
    });
    const due = new Date(at(100));
    due.setUTCMonth(due.getUTCMonth() + 3);
    expect(controls.nextReviewAt).toBe(due.toISOString());
    expect(controls.reviewOverdue).toBe(due.getTime() <= NOW.getTime());
    expect(controls.history).toEqual([
      { since: at(10), computedAt: at(1), value: 70, met: true },
      { since: at(30), computedAt: at(30), value: 50, met: false },
    ]);
    expect(gaps).toMatchObject({
      title: 'Open gaps',
      value: 9,
      met: false,
      unit: 'count',
      reviewOverdue: true,
    });
    // Configured but not computed yet.
    expect(fresh).toMatchObject({
      id: 'fresh',
      title: 'Evidence fresh',
      value: null,
      met: null,
      history: [],
    });
    expect(fresh.computedAt).toBeUndefined();

    const short = await call(harness, '/v1/kpis?history=1');
    expect(short.body.items[0].history).toEqual([{ since: at(10), computedAt: at(1), value: 70, met: true }]);
    expect((await call(harness, '/v1/kpis?history=0')).body.items[0]).toMatchObject({
      value: 70,
      history: [],
    });
    const bad = await call(harness, '/v1/kpis?history=-1&aiSystem=triage');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'aiSystem',
      'history',
    ]);
  });

  it('serves the default set when no KPIs are configured, values as the scorer recorded them', async () => {
    harness = await startHarness({ score: false });
    const before = await call(harness, '/v1/kpis');
    expect(before.status).toBe(200);
    expect(contractErrors('KpiList', before.body)).toEqual([]);
    const ids = before.body.items.map((k: { id: string }) => k.id);
    expect(ids).toEqual(DEFAULT_KPIS.map((k) => k.id));
    expect(before.body.items.every((k: { value: unknown }) => k.value === null)).toBe(true);
    await harness.catalogue.putKpiValues(
      [computed('open-nonconformities', 2, at(2), { metric: 'open_nonconformities', unit: 'count' })],
      { type: 'service', id: 'scorer' },
    );
    const res = await call(harness, '/v1/kpis');
    expect(contractErrors('KpiList', res.body)).toEqual([]);
    expect(res.body.items.find((k: { id: string }) => k.id === 'open-nonconformities')).toMatchObject({
      value: 2,
      target: { op: 'lte', value: 0 },
      met: false,
    });
  });
});
