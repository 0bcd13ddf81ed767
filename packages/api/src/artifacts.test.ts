import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  DOCUMENTS,
  type DocumentSpec,
  type Harness,
  rawRecord,
  startHarness,
  WORKSPACE,
  writeRecords,
} from '../test/fixture.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const many = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    rawRecord({
      id: `doc-${String(i).padStart(3, '0')}`,
      kind: 'record.document',
      title: `Record ${i}`,
      effectiveAt: '2026-10-01T00:00:00Z',
      attributes: { docType: 'other', approved: i % 2 === 0 },
      aiSystems: i % 3 === 0 ? ['triage'] : [],
    }),
  );

describe('GET /v1/artifacts', () => {
  it('lists the latest version of each artifact with staleness and the controls it supports', async () => {
    harness = await startHarness();
    const { status, body } = await call(harness, '/v1/artifacts');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(DOCUMENTS.length);
    expect(body.nextCursor).toBeNull();
    const policy = body.items.find((item: { key: string }) => item.key.endsWith('ai-policy.md'));
    expect(policy).toMatchObject({
      key: `${WORKSPACE}/docs/file:docs/ai-policy.md`,
      stale: false,
      versions: 1,
    });
    expect(policy.controls).toEqual(expect.arrayContaining(['A.2.2', 'A.2.4']));
    const report = body.items.find((item: { key: string }) => item.key.endsWith('old-quality-report.md'));
    expect(report.stale).toBe(true);
    expect(report.controls).toEqual([]);
  });

  it('filters by kind, AI system and staleness', async () => {
    harness = await startHarness();
    const policies = await call(harness, '/v1/artifacts?kind=policy.document');
    expect(policies.body.items.map((i: { latest: { kind: string } }) => i.latest.kind)).toEqual([
      'policy.document',
      'policy.document',
    ]);
    const both = await call(harness, '/v1/artifacts?kind=policy.document&kind=ml.model-card');
    expect(both.body.items).toHaveLength(3);
    const triage = await call(harness, '/v1/artifacts?aiSystem=triage');
    expect(triage.body.items).toHaveLength(3);
    const stale = await call(harness, '/v1/artifacts?stale=true');
    expect(stale.body.items.map((i: { latest: { title: string } }) => i.latest.title)).toEqual([
      'Data quality report 2025',
    ]);
    const fresh = await call(harness, '/v1/artifacts?stale=false');
    expect(fresh.body.items).toHaveLength(DOCUMENTS.length - 1);
  });

  it('pages with cursors without losing or repeating artifacts, also under in-memory filters', async () => {
    harness = await startHarness({ records: many(1203), score: false });
    for (const [query, expected] of [
      ['', 1203],
      ['&aiSystem=triage', 401],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const { status, body } = await call(harness, `/v1/artifacts?limit=200${query}${suffix}`);
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(200);
        seen.push(...body.items.map((item: { key: string }) => item.key));
        cursor = body.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      expect(seen).toHaveLength(expected);
      expect(new Set(seen).size).toBe(expected);
    }
  });

  it('rejects unknown parameters, bad values and forged cursors with details', async () => {
    harness = await startHarness();
    const unknown = await call(harness, '/v1/artifacts?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('invalid_request');
    expect(unknown.body.error.details[0].path).toBe('colour');
    const kind = await call(harness, '/v1/artifacts?kind=not.a.kind&limit=0');
    expect(kind.status).toBe(400);
    expect(kind.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['kind.0', 'limit']);
    const cursor = await call(harness, '/v1/artifacts?cursor=bm90LWpzb24');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe('invalid_cursor');
  });
});

describe('GET /v1/artifacts/{key} and versions', () => {
  it('returns one artifact, its versions newest first and one version', async () => {
    harness = await startHarness();
    const key = encodeURIComponent(`${WORKSPACE}/docs/file:docs/ai-policy.md`);
    const first = DOCUMENTS[0] as DocumentSpec;
    await writeRecords(harness.catalogue, harness.library, [
      rawRecord({ ...first, title: 'AI policy v2' }, '2026-11-28T08:00:00Z'),
    ]);

    const artifact = await call(harness, `/v1/artifacts/${key}`);
    expect(artifact.status).toBe(200);
    expect(artifact.body).toMatchObject({ versions: 2, latest: { version: 2, title: 'AI policy v2' } });
    const versions = await call(harness, `/v1/artifacts/${key}/versions?limit=1`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2]);
    const older = await call(
      harness,
      `/v1/artifacts/${key}/versions?limit=1&cursor=${versions.body.nextCursor}`,
    );
    expect(older.body).toMatchObject({ items: [{ version: 1, title: 'AI policy' }], nextCursor: null });
    const one = await call(harness, `/v1/artifacts/${key}/versions/1`);
    expect(one.body).toMatchObject({ version: 1, title: 'AI policy' });
  });

  it('answers 404 for unknown artifacts, versions and other workspaces, 400 for malformed keys', async () => {
    harness = await startHarness();
    expect(
      (await call(harness, `/v1/artifacts/${encodeURIComponent(`${WORKSPACE}/docs/file:none`)}`)).status,
    ).toBe(404);
    expect(
      (await call(harness, `/v1/artifacts/${encodeURIComponent('other/docs/file:docs/ai-policy.md')}`))
        .status,
    ).toBe(404);
    const key = encodeURIComponent(`${WORKSPACE}/docs/file:docs/ai-policy.md`);
    const missing = await call(harness, `/v1/artifacts/${key}/versions/9`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: expect.stringContaining('version 9') });
    const malformed = await call(harness, '/v1/artifacts/no-slashes-here');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_artifact_key');
  });
});
