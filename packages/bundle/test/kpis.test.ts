import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleKpi, KPIS_CSV, verifyBundle } from '../src/index.js';
import { type Fixture, makeFixture } from './fixture.js';
import { edited, flipped, readZip, writeZip } from './rezip.js';

const kpis: BundleKpi[] = [
  {
    id: 'controls-compliant',
    title: 'Annex A controls compliant',
    metric: 'controls_compliant_share',
    unit: 'percent',
    value: 62.5,
    target: { op: 'gte', value: 80 },
    met: false,
    since: '2026-11-20T09:00:00.000Z',
    note: '5 of 8 applicable Annex A controls compliant',
    reviewCadence: 'P3M',
    lastReviewedAt: '2026-10-01T00:00:00.000Z',
    nextReviewAt: '2027-01-01T00:00:00.000Z',
    history: [{ since: '2026-11-01T09:00:00.000Z', value: 50, met: false }],
  },
  {
    id: 'production-fairness',
    title: '=Fairness',
    metric: 'production_models_fairness_within',
    unit: 'percent',
    value: null,
    target: { op: 'gte', value: 100 },
    met: null,
    since: '2026-11-01T09:00:00.000Z',
    note: 'no production model versions',
    reviewCadence: 'P3M',
    nextReviewAt: '2026-11-01T09:00:00.000Z',
    history: [],
  },
];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('KPIs in the auditor bundle', () => {
  let fixture: Fixture;
  let entries: { name: string; bytes: Buffer }[];
  let file: string;
  const find = (suffix: string) => entries.find((e) => e.name.endsWith(suffix));

  beforeAll(async () => {
    fixture = await makeFixture();
    file = await fixture.write('kpis.zip', {}, { ...fixture.input, kpis });
    entries = await readZip(file);
  });
  afterAll(() => fixture.dispose());

  it('carries the KPIs in manifest.json and a kpis.csv listed with its digest, and verifies', async () => {
    expect(await verifyBundle(file)).toMatchObject({ ok: true });
    const manifest = JSON.parse(find('/data/manifest.json')?.bytes.toString('utf8') ?? '{}');
    expect(manifest.kpis).toEqual(kpis);
    const csv = find(`/${KPIS_CSV}`);
    expect(csv).toBeDefined();
    expect(manifest.files).toContainEqual({
      path: KPIS_CSV,
      mediaType: 'text/csv',
      sha256: sha256(csv?.bytes ?? Buffer.alloc(0)),
      size: csv?.bytes.length,
    });
    const rows = parse(csv?.bytes.toString('utf8') ?? '', { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.kpi_id, r.value, r.target, r.met, r.last_reviewed_at])).toEqual([
      ['controls-compliant', '62.5', '>= 80', 'false', '2026-10-01T00:00:00.000Z'],
      ['production-fairness', '', '>= 100', '', ''],
    ]);
    // A title a spreadsheet would run as a formula is defused.
    expect(rows[1]?.title).toBe("'=Fairness");
  });

  it('is rejected with a changed kpis.csv, and a bundle without KPIs has no such file', async () => {
    const name = entries.find((e) => e.name.endsWith(`/${KPIS_CSV}`))?.name ?? '';
    const changed = await writeZip(join(fixture.dir, 'changed.zip'), edited(entries, name, flipped));
    const result = await verifyBundle(changed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.message).toContain(KPIS_CSV);
    const plain = await readZip(await fixture.write('plain.zip'));
    expect(plain.some((e) => e.name.endsWith(`/${KPIS_CSV}`))).toBe(false);
    expect(
      JSON.parse(plain.find((e) => e.name.endsWith('/data/manifest.json'))?.bytes.toString('utf8') ?? '{}')
        .kpis,
    ).toBeUndefined();
  });
});
