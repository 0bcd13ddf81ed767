import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorReadTest, runCheck } from '@aims/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localFolderConnector } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/docs', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-local-folder-'));
  await cp(fixtures, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const configFor = (path: string) => ({
  roots: [{ id: 'handbook', path }],
  mappings: [
    {
      pattern: 'contracts/**/*.pdf',
      kind: 'record.document',
      attributes: { docType: 'supplier-agreement' },
      owner: 'legal@acme.example',
    },
  ],
});
const read = (extra: Partial<Parameters<typeof connectorReadTest>[0]> = {}) =>
  connectorReadTest({
    connector: localFolderConnector,
    config: configFor(dir),
    workspace: 'acme',
    instance: 'handbook',
    ...extra,
  });

describe('local-folder connector', () => {
  it('maps markdown front matter, YAML metadata, PDF sidecars and path mappings to documents', async () => {
    const run = await read();
    expect(run.result.status).toBe('succeeded');
    const byId = Object.fromEntries(run.upserts.map((r) => [r.externalId, r]));
    expect(Object.keys(byId).sort()).toEqual([
      'file:handbook/contracts/model-vendor.pdf',
      'file:handbook/model-cards/support-chatbot.md',
      'file:handbook/policies/ai-policy.md',
      'file:handbook/procedures/impact-assessment.yaml',
      'file:handbook/reports/bias-audit.pdf',
    ]);
    expect(byId['file:handbook/policies/ai-policy.md']).toMatchObject({
      kind: 'policy.document',
      title: 'Acme AI Policy',
      owner: 'ciso@acme.example',
      effectiveAt: '2026-01-15T00:00:00.000Z',
      aiSystems: ['support-chatbot', 'credit-scoring'],
      attributes: {
        policyType: 'ai-policy',
        approved: true,
        approvedBy: 'Board of Directors',
        // Dates as the document states them: plain dates are valid, and the effective date is
        // kept as an attribute so freshness can count from it.
        approvedAt: '2026-01-10',
        reviewedAt: '2026-06-30',
        effectiveDate: '2026-01-15T00:00:00.000Z',
        path: 'policies/ai-policy.md',
      },
      content: { mediaType: 'text/markdown' },
      collector: { id: 'local-folder', version: '0.1.0' },
    });
    const policy = byId['file:handbook/policies/ai-policy.md'];
    expect(policy?.sourceRevision).toMatch(/^[0-9a-f]{64}$/);
    expect(policy?.sourceRevision).toBe(policy?.content?.sha256);
    expect(byId['file:handbook/procedures/impact-assessment.yaml']).toMatchObject({
      kind: 'procedure.document',
      attributes: {
        procedureType: 'impact-assessment',
        approved: true,
        path: 'procedures/impact-assessment.yaml',
      },
    });
    expect(byId['file:handbook/procedures/impact-assessment.yaml']?.attributes).not.toHaveProperty('steps');
    // A file that states no date gets no effectiveDate: its harvest time is no date of the document.
    expect(byId['file:handbook/contracts/model-vendor.pdf']?.effectiveAt).toBeUndefined();
    expect(byId['file:handbook/contracts/model-vendor.pdf']?.attributes).not.toHaveProperty('effectiveDate');
    expect(byId['file:handbook/reports/bias-audit.pdf']).toMatchObject({
      kind: 'record.document',
      title: 'External bias audit 2026',
      aiSystems: ['credit-scoring'],
      attributes: { docType: 'external-report', approved: true },
      content: { mediaType: 'application/pdf' },
    });
    expect(byId['file:handbook/contracts/model-vendor.pdf']).toMatchObject({
      kind: 'record.document',
      owner: 'legal@acme.example',
      attributes: { docType: 'supplier-agreement', approved: false, path: 'contracts/model-vendor.pdf' },
    });
    expect(byId['file:handbook/model-cards/support-chatbot.md']).toMatchObject({
      kind: 'ml.model-card',
      aiSystems: ['support-chatbot'],
      attributes: { model: 'support-chatbot', intendedUse: 'Answer customer questions about orders' },
    });
  });

  it('emits only changed files on a re-harvest and tombstones deleted ones', async () => {
    const first = await read();
    const again = await read({ checkpoints: first.checkpoints });
    expect(again.records).toEqual([]);

    await writeFile(
      join(dir, 'policies/ai-policy.md'),
      '---\nkind: policy\npolicyType: ai-policy\napproved: false\n---\n# AI Policy v2\n',
    );
    await unlink(join(dir, 'contracts/model-vendor.pdf'));
    await writeFile(
      join(dir, 'reports/bias-audit.pdf.meta.yaml'),
      'kind: record\ndocType: external-report\napproved: false\n',
    );
    const third = await read({ checkpoints: first.checkpoints });
    expect(third.upserts.map((r) => r.externalId).sort()).toEqual([
      'file:handbook/policies/ai-policy.md',
      'file:handbook/reports/bias-audit.pdf',
    ]);
    expect(third.upserts.find((r) => r.externalId.endsWith('ai-policy.md'))).toMatchObject({
      title: 'AI Policy v2',
      attributes: { approved: false },
    });
    expect(third.deletes).toMatchObject([
      { op: 'delete', externalId: 'file:handbook/contracts/model-vendor.pdf' },
    ]);
    const state = third.cursors['acme/handbook/documents/root%3Ahandbook'] as {
      files: Record<string, string>;
    };
    expect(Object.keys(state.files)).not.toContain('contracts/model-vendor.pdf');
  });

  it('records a malformed file with its path and line, marks it unreadable and harvests the others', async () => {
    await writeFile(join(dir, 'policies/broken.md'), '---\nkind: policy\ntitle: [unclosed\n---\nbody\n');
    await writeFile(join(dir, 'policies/unknown-kind.md'), '---\nkind: memo\n---\n');
    await writeFile(
      join(dir, 'policies/bad-date.md'),
      '---\nkind: policy\neffectiveDate: 2026-02-30x\n---\n',
    );
    const run = await read();
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([]);
    expect(run.upserts).toHaveLength(5);
    expect(run.result.skipped.map((s) => [s.externalId, s.path, s.line, s.error.code])).toEqual([
      ['file:handbook/policies/bad-date.md', 'policies/bad-date.md', 3, 'malformed_payload'],
      ['file:handbook/policies/broken.md', 'policies/broken.md', 3, 'malformed_payload'],
      ['file:handbook/policies/unknown-kind.md', 'policies/unknown-kind.md', undefined, 'malformed_payload'],
    ]);
    expect(run.result.skipped[1]?.error.message).toMatch(
      /^invalid YAML in the front matter of policies\/broken\.md at line 3/,
    );
    expect(run.result.skipped[2]?.error.message).toContain('"memo"');
    // The server's folders appear nowhere: not in messages, not in urls.
    for (const text of [JSON.stringify(run.result), JSON.stringify(run.records)])
      expect(text).not.toContain(dir);
    expect(run.upserts.find((r) => r.externalId.endsWith('ai-policy.md'))?.url).toBe('policies/ai-policy.md');
    expect(run.unreadable.map((r) => r.externalId).sort()).toEqual([
      'file:handbook/policies/bad-date.md',
      'file:handbook/policies/broken.md',
      'file:handbook/policies/unknown-kind.md',
    ]);
  });

  it('skips a file whose attribute breaks its schema, naming path and line, and keeps the root going', async () => {
    await writeFile(
      join(dir, 'policies/undated-review.md'),
      '---\nkind: policy\npolicyType: ai-policy\napproved: true\nreviewedAt: last spring\n---\n# Old policy\n',
    );
    const run = await read();
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([]);
    expect(run.upserts).toHaveLength(5);
    expect(run.result.skipped).toEqual([
      expect.objectContaining({
        externalId: 'file:handbook/policies/undated-review.md',
        path: 'policies/undated-review.md',
        line: 5,
        error: {
          code: 'malformed_payload',
          message: expect.stringMatching(
            /^policies\/undated-review\.md line 5: reviewedAt must match format/,
          ),
        },
      }),
    ]);
  });

  it('reads a broken file again once fixed, even back to its old bytes', async () => {
    const path = join(dir, 'policies/ai-policy.md');
    const good = await readFile(path, 'utf8');
    const first = await read();
    await writeFile(path, good.replace(/^---\n/, '---\ntitle: [unclosed\n'));
    const broken = await read({ checkpoints: first.checkpoints });
    expect(broken.unreadable.map((r) => r.externalId)).toEqual(['file:handbook/policies/ai-policy.md']);
    await writeFile(path, good);
    const fixed = await read({ checkpoints: first.checkpoints });
    expect(fixed.upserts.map((r) => r.externalId)).toEqual(['file:handbook/policies/ai-policy.md']);
    expect(fixed.result.status).toBe('succeeded');
  });

  it('tombstones, on a full run, a file deleted since the catalogue last saw it', async () => {
    const first = await read();
    const known = first.upserts.map((r) => ({
      externalId: r.externalId,
      kind: r.kind,
      slice: r.slice as string,
      stream: r.stream as string,
    }));
    await unlink(join(dir, 'policies/ai-policy.md'));
    // A full run ignores the cursors; what the catalogue knows decides what is gone.
    const full = await read({ full: true, knownArtifacts: async () => known });
    expect(full.deletes.map((r) => r.externalId)).toEqual(['file:handbook/policies/ai-policy.md']);
    expect(full.result.reconciled).toBe(1);
    // A root that cannot be read tombstones nothing of it.
    await rm(dir, { recursive: true, force: true });
    const unreadable = await read({ full: true, knownArtifacts: async () => known });
    expect(unreadable.deletes).toEqual([]);
    expect(unreadable.result.status).toBe('failed');
  });

  it('resumes after a crash without re-emitting committed files', async () => {
    for (let i = 0; i < 60; i++) {
      await writeFile(
        join(dir, `policies/p-${String(i).padStart(2, '0')}.md`),
        `---\nkind: policy\n---\n# Policy ${i}\n`,
      );
    }
    const crashed = await read({ crashAfterRecords: 40, maxInFlight: 1, checkpointEvery: 1 });
    expect(crashed.crashed).toBe(true);
    expect(crashed.result.error?.code).toBe('emit_failed');
    const committed = crashed.cursors['acme/handbook/documents/root%3Ahandbook'] as {
      files: Record<string, string>;
    };
    expect(Object.keys(committed.files)).toHaveLength(25);
    const resumed = await read({ checkpoints: crashed.checkpoints });
    expect(resumed.result.status).toBe('succeeded');
    expect(resumed.upserts).toHaveLength(65 - 25);
    const all = new Set([...crashed.upserts, ...resumed.upserts].map((r) => r.externalId));
    expect(all.size).toBe(65);
  });

  it('fails a missing root as a gap and check() names what cannot be read', async () => {
    const config = { roots: [{ path: dir }, { id: 'gone', path: join(dir, 'missing') }] };
    const run = await connectorReadTest({ connector: localFolderConnector, config, failureRatio: 0.5 });
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toMatchObject([{ slice: 'root:gone', error: { code: 'not_found' } }]);
    const check = await runCheck({
      connector: localFolderConnector,
      config,
      workspace: 'acme',
      instance: 'handbook',
    });
    expect(check.ok).toBe(false);
    expect(check.missing).toEqual([
      { permission: `read:${join(dir, 'missing')}`, reason: expect.stringContaining('does not exist') },
    ]);
  });
});
