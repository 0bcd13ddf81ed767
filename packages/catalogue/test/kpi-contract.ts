import { expect, it } from 'vitest';
import type { Catalogue, KpiValueWrite } from '../src/index.js';
import { t } from './fixtures.js';

const scorer = { type: 'service', id: 'scorer' } as const;

function computed(kpiId: string, value: number | null, at: string, overrides: Partial<KpiValueWrite> = {}) {
  const write: KpiValueWrite = {
    workspace: 'acme',
    kpiId,
    title: 'Annex A controls compliant',
    metric: 'controls_compliant_share',
    unit: 'percent',
    value,
    target: { op: 'gte', value: 80 },
    met: value === null ? null : value >= 80,
    note: 'of the applicable Annex A controls',
    reviewCadence: 'P3M',
    nextReviewAt: t(1000),
    computedAt: at,
    ...overrides,
  };
  return write;
}

/** KPI history: one entry per value held, extended while the value stays, audited when it changes. */
export function kpiContract(open: () => Promise<{ catalogue: Catalogue }>): void {
  it('keeps one entry per value of a KPI, newest first, and audits each new value', async () => {
    const { catalogue } = await open();
    const before = (await catalogue.listAudit()).length;
    await catalogue.putKpiValues(
      [
        computed('controls', 50, t(1)),
        computed('gap-age', 12.5, t(1), { metric: 'mean_gap_age_days', unit: 'days' }),
      ],
      scorer,
    );
    // The same value again moves the entry's computedAt; a new value starts an entry.
    await catalogue.putKpiValues([computed('controls', 50, t(2))], scorer);
    await catalogue.putKpiValues([computed('controls', 85, t(3))], scorer);
    await catalogue.putKpiValues([computed('controls', 85, t(4))], scorer);
    // A new review date is a change too, and so is a value that cannot be measured.
    await catalogue.putKpiValues([computed('controls', 85, t(5), { lastReviewedAt: t(5) })], scorer);
    await catalogue.putKpiValues([computed('controls', null, t(6))], scorer);
    await catalogue.putKpiValues([computed('other', 1, t(1), { workspace: 'beta' })], scorer);

    const controls = await catalogue.listKpiValues('acme', { kpiId: 'controls' });
    expect(controls.map((e) => [e.since, e.computedAt, e.value, e.met])).toEqual([
      [t(6), t(6), null, null],
      [t(5), t(5), 85, true],
      [t(3), t(4), 85, true],
      [t(1), t(2), 50, false],
    ]);
    expect(controls[1]).toEqual({ ...computed('controls', 85, t(5), { lastReviewedAt: t(5) }), since: t(5) });
    const all = await catalogue.listKpiValues('acme');
    expect(all.map((e) => e.kpiId)).toEqual(['controls', 'controls', 'controls', 'controls', 'gap-age']);
    expect(all[4]).toMatchObject({ metric: 'mean_gap_age_days', unit: 'days', value: 12.5 });
    expect((await catalogue.listKpiValues('beta')).map((e) => e.kpiId)).toEqual(['other']);

    const audit = (await catalogue.listAudit()).slice(before);
    expect(audit.map((e) => [e.action, e.subject])).toEqual([
      ['kpi.changed', 'acme/kpi/controls'],
      ['kpi.changed', 'acme/kpi/gap-age'],
      ['kpi.changed', 'acme/kpi/controls'],
      ['kpi.changed', 'acme/kpi/controls'],
      ['kpi.changed', 'acme/kpi/controls'],
      ['kpi.changed', 'beta/kpi/other'],
    ]);
    expect(await catalogue.verifyAuditLog()).toMatchObject({ ok: true });
  });

  it('ignores replays and reads the history as it stood at an instant, a number of entries per KPI', async () => {
    const { catalogue } = await open();
    await catalogue.putKpiValues([computed('controls', 50, t(10)), computed('fresh', 90, t(10))], scorer);
    await catalogue.putKpiValues([computed('controls', 70, t(20))], scorer);
    await catalogue.putKpiValues([computed('controls', 70, t(30)), computed('fresh', 90, t(30))], scorer);
    // Computed before the latest entry: a redelivered scoring changes nothing.
    await catalogue.putKpiValues([computed('controls', 10, t(15))], scorer);
    await catalogue.putKpiValues([computed('controls', 70, t(25))], scorer);

    const latest = await catalogue.listKpiValues('acme', { limit: 1 });
    expect(latest.map((e) => [e.kpiId, e.since, e.computedAt, e.value])).toEqual([
      ['controls', t(20), t(30), 70],
      ['fresh', t(10), t(30), 90],
    ]);
    const then = await catalogue.listKpiValues('acme', { asOf: t(12) });
    expect(then.map((e) => [e.kpiId, e.since, e.computedAt, e.value])).toEqual([
      ['controls', t(10), t(10), 50],
      ['fresh', t(10), t(12), 90],
    ]);
    expect(await catalogue.listKpiValues('acme', { asOf: t(5) })).toEqual([]);
  });
}
