import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FolderBlobStore } from '@aims/blobs';
import { verifyBundle } from '@aims/bundle';
import { createSqliteCatalogue, type KpiValueWrite } from '@aims/catalogue';
import { type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { readLibraryFile } from '@aims/scoring';
import { afterEach, describe, expect, it } from 'vitest';
import { openPromise } from 'yauzl';
import { collectBundleInput, createExportService } from '../src/index.js';

const WORKSPACE = 'acme';
let dir: string | undefined;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const policy = {
  recordId: '00000000-0000-4000-8000-000000000000',
  workspace: WORKSPACE,
  source: { connector: 'local-folder', instance: 'docs' },
  externalId: 'file:docs/ai-policy.md',
  op: 'upsert',
  kind: 'policy.document',
  observedAt: '2026-11-01T00:00:00Z',
  collector: { id: 'local-folder', version: '0.1.0' },
  title: 'AI policy',
  effectiveAt: '2026-06-01T00:00:00Z',
  aiSystems: [],
  attributes: { policyType: 'ai-policy', approved: true, approvedBy: 'Board', path: 'ai-policy.md' },
} as RawEvidenceRecord;

const computed = (kpiId: string, value: number, computedAt: string): KpiValueWrite => ({
  workspace: WORKSPACE,
  kpiId,
  title: kpiId,
  metric: 'open_gaps',
  unit: 'count',
  value,
  target: { op: 'lte', value: 3 },
  met: value <= 3,
  note: `${value} open gaps`,
  reviewCadence: 'P3M',
  computedAt,
});

/** The one file of a ZIP whose name ends with `suffix`, as text. */
async function entryText(file: string, suffix: string): Promise<string | undefined> {
  const zip = await openPromise(file, { autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith(suffix)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
  } finally {
    zip.close();
  }
  return undefined;
}

describe('KPIs in exports', () => {
  it('carries the KPIs of the config as they stood at asOf, in a bundle that verifies', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aims-export-kpis-'));
    const library = await readLibraryFile();
    const catalogue = createSqliteCatalogue({ filename: ':memory:' });
    await catalogue.migrate();
    closers.push(() => catalogue.close());
    const { version: _v, ...input } = toArtifactVersion(policy, { version: 1 });
    await catalogue.upsertVersions([input], { type: 'connector', id: 'docs' });
    const scorer = { type: 'service', id: 'scorer' } as const;
    await catalogue.putKpiValues(
      [computed('gaps', 5, '2026-11-02T00:00:00Z'), computed('retired', 1, '2026-11-02T00:00:00Z')],
      scorer,
    );
    await catalogue.putKpiValues([computed('gaps', 2, '2026-11-05T00:00:00Z')], scorer);
    await catalogue.putKpiValues([computed('gaps', 2, '2026-11-08T00:00:00Z')], scorer);
    await catalogue.putKpiValues([computed('gaps', 7, '2026-11-20T00:00:00Z')], scorer);

    const blobs = new FolderBlobStore({ root: join(dir, 'blobs') });
    const queue = new EmbeddedJobQueue(aimsJobs);
    const deps = {
      catalogue,
      library,
      workspace: WORKSPACE,
      organisation: 'Acme Ltd',
      toolVersion: 'aims-evidence-mesh test',
      inventory: [],
      kpis: [{ id: 'gaps' }, { id: 'not-yet' }],
    };
    const service = createExportService({
      ...deps,
      blobs,
      queue,
      knownAiSystems: async () => new Set<string>(),
      now: () => new Date('2026-12-01T12:00:00Z'),
    });
    const worker = await service.startWorker();
    closers.push(
      () => queue.close(),
      () => worker.close(),
    );

    const asOf = '2026-11-10T00:00:00.000Z';
    const bundled = await collectBundleInput(deps, { asOf });
    // Only the configured KPIs that have values by asOf; the value then, and the one before it.
    expect(bundled.kpis).toEqual([
      {
        id: 'gaps',
        title: 'gaps',
        metric: 'open_gaps',
        unit: 'count',
        value: 2,
        target: { op: 'lte', value: 3 },
        met: true,
        since: '2026-11-05T00:00:00.000Z',
        note: '2 open gaps',
        reviewCadence: 'P3M',
        history: [{ since: '2026-11-02T00:00:00.000Z', value: 5, met: false }],
      },
    ]);

    const created = await service.create({ asOf }, 'cli');
    let record = await service.get(created.id);
    for (let i = 0; i < 200 && record.status !== 'succeeded' && record.status !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      record = await service.get(created.id);
    }
    expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
    const download = await service.download(created.id);
    if (download.kind !== 'stream') throw new Error('the folder store streams downloads');
    const file = join(dir, 'bundle.zip');
    await pipeline(download.body, createWriteStream(file));
    expect(await verifyBundle(file)).toMatchObject({ ok: true });
    const manifest = JSON.parse((await entryText(file, '/data/manifest.json')) ?? '{}');
    expect(manifest.kpis).toEqual(bundled.kpis);
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('data/report/kpis.csv');
    expect(await entryText(file, '/data/report/kpis.csv')).toContain('gaps,gaps,open_gaps,count,2,<= 3,true');
  });
});
