import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FolderBlobStore } from '@aims/blobs';
import { verifyBundle } from '@aims/bundle';
import { createSqliteCatalogue } from '@aims/catalogue';
import { type RawEvidenceRecord, toArtifactVersion } from '@aims/core';
import { aimsJobs, EmbeddedJobQueue } from '@aims/queue';
import { expiresAtFor, readLibraryFile } from '@aims/scoring';
import { afterEach, describe, expect, it } from 'vitest';
import { createExportService, type ExportService } from '../src/index.js';

const WORKSPACE = 'acme';
let dir: string;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const record = (id: string, body: string, observedAt: string, extra: Partial<RawEvidenceRecord> = {}) =>
  ({
    recordId: '00000000-0000-4000-8000-000000000000',
    workspace: WORKSPACE,
    source: { connector: 'local-folder', instance: 'docs' },
    externalId: `file:docs/${id}.md`,
    op: 'upsert',
    kind: 'policy.document',
    observedAt,
    collector: { id: 'local-folder', version: '0.1.0' },
    title: id,
    effectiveAt: '2026-06-01T00:00:00Z',
    aiSystems: ['triage'],
    attributes: {
      policyType: id === 'security' ? 'security' : 'ai-policy',
      approved: true,
      approvedBy: 'Board',
      reviewedAt: '2026-06-01T00:00:00Z',
      path: `${id}.md`,
      body,
    },
    ...extra,
  }) as RawEvidenceRecord;

async function setup(): Promise<{ service: ExportService; blobs: FolderBlobStore }> {
  dir = await mkdtemp(join(tmpdir(), 'aims-export-'));
  const library = await readLibraryFile();
  const catalogue = createSqliteCatalogue({ filename: ':memory:' });
  await catalogue.migrate();
  const blobs = new FolderBlobStore({ root: join(dir, 'blobs') });
  const writes = [];
  for (const [id, body, at] of [
    ['ai-policy', 'v1 of the policy', '2026-11-01T00:00:00Z'],
    ['ai-policy', 'v2 of the policy', '2026-11-20T00:00:00Z'],
    ['security', 'security policy', '2026-11-01T00:00:00Z'],
  ] as const) {
    const stored = await blobs.put(body);
    const raw = record(id, body, at, {
      content: { sha256: stored.sha256, mediaType: 'text/markdown', size: stored.size, blobKey: stored.key },
    });
    const { version: _v, ...input } = toArtifactVersion(raw, { version: 1 });
    const expiresAt = expiresAtFor(library, input);
    writes.push(expiresAt ? { ...input, expiresAt } : input);
  }
  for (const write of writes) await catalogue.upsertVersions([write], { type: 'connector', id: 'docs' });
  const queue = new EmbeddedJobQueue(aimsJobs);
  const service = createExportService({
    catalogue,
    blobs,
    library,
    workspace: WORKSPACE,
    organisation: 'Acme Ltd',
    toolVersion: 'aims-evidence-mesh test',
    inventory: [{ id: 'triage', name: 'Triage' }],
    queue,
    knownAiSystems: async () => new Set(['triage']),
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  const worker = await service.startWorker();
  closers.push(
    () => catalogue.close(),
    () => queue.close(),
    () => worker.close(),
  );
  return { service, blobs };
}

async function finished(service: ExportService, id: string) {
  for (let i = 0; i < 200; i++) {
    const record = await service.get(id);
    if (record.status === 'succeeded' || record.status === 'failed') return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`export ${id} did not finish`);
}

async function downloaded(service: ExportService, id: string): Promise<string> {
  const download = await service.download(id);
  if (download.kind !== 'stream') throw new Error('the folder store streams downloads');
  const file = join(dir, `${id}.zip`);
  await pipeline(download.body, createWriteStream(file));
  return file;
}

describe('exports', () => {
  it('builds a verifiable bundle of the workspace as it stood at asOf, the same bytes every time', async () => {
    const { service } = await setup();
    const early = await service.create({ asOf: '2026-11-10T00:00:00.400Z' }, 'api-key:k1');
    // The instant is kept to the millisecond.
    expect(early).toMatchObject({ status: 'queued', request: { asOf: '2026-11-10T00:00:00.400Z' } });
    const done = await finished(service, early.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      bundle: { signature: { status: 'unsigned' }, versions: 2 },
    });
    const file = await downloaded(service, early.id);
    const verdict = await verifyBundle(file);
    expect(verdict.ok).toBe(true);
    const again = await finished(
      service,
      (await service.create({ asOf: '2026-11-10T00:00:00.4Z' }, 'cli')).id,
    );
    expect(again.bundle?.sha256).toBe(done.bundle?.sha256);
    // Later, the second version of the policy is current: a different bundle.
    const later = await finished(service, (await service.create({}, 'cli')).id);
    expect(later.bundle?.sha256).not.toBe(done.bundle?.sha256);
    expect((await service.list()).map((r) => r.id)).toEqual(expect.arrayContaining([early.id, later.id]));
  });

  it('refuses what it cannot describe, naming it', async () => {
    const { service } = await setup();
    await expect(service.create({ asOf: '2027-01-01T00:00:00Z' }, 'cli')).rejects.toMatchObject({
      code: 'invalid_export_request',
      details: [{ path: 'asOf', message: expect.stringContaining('in the future') }],
    });
    await expect(service.create({ asOf: '2026-01-01T00:00:00Z' }, 'cli')).rejects.toMatchObject({
      details: [{ path: 'asOf', message: expect.stringContaining('before the first evidence') }],
    });
    await expect(
      service.create({ controls: ['A.2.2', 'A.99.9'], aiSystems: ['nope'] }, 'cli'),
    ).rejects.toMatchObject({
      details: [
        { path: 'controls', message: 'unknown control "A.99.9"' },
        { path: 'aiSystems', message: 'unknown AI system "nope"' },
      ],
    });
    await expect(service.get('7d2f6c1e-0b1a-4a47-9a55-6f1d7a6b2c3d')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('limits a bundle to some controls and the evidence they cite', async () => {
    const { service } = await setup();
    const record = await finished(service, (await service.create({ controls: ['A.2.3'] }, 'cli')).id);
    expect(record, JSON.stringify(record.error)).toMatchObject({
      status: 'succeeded',
      bundle: { versions: 1 },
    });
  });
});
