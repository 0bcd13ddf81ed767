import { contentHashOf } from '@aims/core';
import { expect, it } from 'vitest';
import type { Catalogue, GapRecord } from '../src/index.js';
import { actor, controlResult, policy, t } from './fixtures.js';

const statuses = (r: { outcomes: Array<{ status: string }> }) => r.outcomes.map((o) => o.status);
const collector = { id: 'github', version: '0.2.0' };

/** Provenance, unreadable sources and gaps: registered inside the adapter's contract suite. */
export function lifecycleContract(open: () => Promise<{ catalogue: Catalogue }>): void {
  it('keeps where a harvest read each live artifact, for reconciliation', async () => {
    const { catalogue } = await open();
    const origin = { slice: 'repo:acme/models', stream: 'documents' };
    await catalogue.upsertVersions(
      [
        { ...policy('read', 'a', t(1)), origin },
        policy('hooked', 'a', t(1)),
        { ...policy('gone', 'a', t(1)), origin },
        { ...policy('elsewhere', 'a', t(1), { instance: 'other' }), origin },
      ],
      actor,
    );
    // An upsert without an origin (a webhook) keeps the one already recorded.
    await catalogue.upsertVersions(
      [
        policy('read', 'b', t(2)),
        { op: 'delete', key: 'acme/acme-github/gone', collectedAt: t(2), collector },
      ],
      actor,
    );
    // A re-read that changes nothing still moves the artifact to the slice that read it.
    await catalogue.upsertVersions(
      [{ ...policy('hooked', 'a', t(3)), origin: { slice: 'repo:acme/docs', stream: 'documents' } }],
      actor,
    );
    expect(await catalogue.listLiveOrigins('acme', 'acme-github')).toEqual([
      { externalId: 'hooked', kind: 'policy.document', slice: 'repo:acme/docs', stream: 'documents' },
      { externalId: 'read', kind: 'policy.document', slice: 'repo:acme/models', stream: 'documents' },
    ]);
    // Origins never reach the stored versions.
    for (const version of await catalogue.listVersions('acme/acme-github/read'))
      expect(version).not.toHaveProperty('origin');
  });

  it('marks a source that can no longer be read with a version that keeps the last good evidence', async () => {
    const { catalogue } = await open();
    const good = policy('doc', 'a', t(1));
    await catalogue.upsertVersions(
      [{ ...good, content: { sha256: 'a'.repeat(64), mediaType: 'text/markdown', size: 3 } }],
      actor,
    );
    const report = {
      op: 'unreadable' as const,
      key: 'acme/acme-github/doc',
      collectedAt: t(2),
      collector,
      error: { code: 'malformed_payload', message: 'front matter: unexpected end at line 2' },
    };
    const first = await catalogue.upsertVersions(
      [report, { ...report, collectedAt: t(3) }, { ...report, key: 'acme/acme-github/never-good' }],
      actor,
    );
    expect(statuses(first)).toEqual(['created', 'unchanged', 'absent']);
    const marked = first.created[0];
    expect(marked).toMatchObject({
      version: 2,
      tombstone: false,
      kind: 'policy.document',
      effectiveAt: good.effectiveAt,
      collectedAt: t(2),
      unreadable: report.error,
      attributes: good.attributes,
      content: { sha256: 'a'.repeat(64) },
    });
    expect(marked?.contentHash).toBe(contentHashOf(marked ?? {}));
    // Fixed: the good content comes back as a new version without the mark.
    const fixed = await catalogue.upsertVersions([policy('doc', 'a', t(4))], actor);
    expect(fixed.created.map((v) => [v.version, v.unreadable])).toEqual([[3, undefined]]);
    // A deletion of an unreadable artifact drops the mark with the content.
    await catalogue.upsertVersions([{ ...report, collectedAt: t(5) }], actor);
    const gone = await catalogue.upsertVersions(
      [{ op: 'delete', key: 'acme/acme-github/doc', collectedAt: t(6), collector }],
      actor,
    );
    expect(gone.created[0]).toMatchObject({ tombstone: true, version: 5 });
    expect(gone.created[0]).not.toHaveProperty('unreadable');
    expect((await catalogue.verifyAuditLog()).ok).toBe(true);
  });

  it('keeps gaps by id with their history, and audits each change', async () => {
    const { catalogue } = await open();
    const gap: GapRecord = {
      id: 'gap-a623-1',
      workspace: 'acme',
      controlId: 'A.6.2.3',
      state: 'open',
      reason: 'not_compliant',
      priority: 'high',
      ownerRole: 'engineering-lead',
      openedAt: t(1),
      dueAt: t(100),
      updatedAt: t(1),
      detail: { missing: ['design-records'] },
    };
    const before = (await catalogue.listAudit()).length;
    await catalogue.putGaps([gap, { ...gap, id: 'gap-other', workspace: 'beta' }], actor);
    await catalogue.putGaps([gap], actor);
    expect((await catalogue.listAudit()).length).toBe(before + 2);
    await catalogue.putGaps([{ ...gap, state: 'closed', closedAt: t(50), updatedAt: t(50) }], actor);
    expect(await catalogue.listGaps('acme', { state: 'open' })).toEqual([]);
    expect(await catalogue.listGaps('acme')).toEqual([
      { ...gap, state: 'closed', closedAt: t(50), updatedAt: t(50) },
    ]);
    const audit = await catalogue.listAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'gap.closed', subject: 'acme/gap/gap-a623-1' });
    expect((await catalogue.listGaps('beta', { state: 'open' })).map((g) => g.id)).toEqual(['gap-other']);
  });

  it('keeps the latest scores of each AI system and lists their summaries', async () => {
    const { catalogue } = await open();
    const summary = {
      id: 'claims-triage',
      name: 'Claims triage',
      inInventory: true,
      artifactCount: 12,
      coverage: 61.5,
      compliant: 10,
      partiallyCompliant: 5,
      notCompliant: 22,
      notApplicable: 1,
    };
    await catalogue.putAiSystemScores([
      { workspace: 'acme', summary, scoredAt: t(1), detail: { controls: ['A.2.2'] } },
      {
        workspace: 'acme',
        summary: { ...summary, id: 'shadow', inInventory: false },
        scoredAt: t(1),
        detail: {},
      },
      { workspace: 'beta', summary, scoredAt: t(1), detail: {} },
    ]);
    await catalogue.putAiSystemScores([
      { workspace: 'acme', summary: { ...summary, coverage: 70 }, scoredAt: t(2), detail: { controls: [] } },
    ]);
    expect(
      (await catalogue.listAiSystemSummaries('acme')).map((s) => [s.id, s.coverage, s.inInventory]),
    ).toEqual([
      ['claims-triage', 70, true],
      ['shadow', 61.5, false],
    ]);
    expect(await catalogue.getAiSystemScore('acme', 'claims-triage')).toEqual({
      workspace: 'acme',
      summary: { ...summary, coverage: 70 },
      scoredAt: t(2),
      detail: { controls: [] },
    });
    expect(await catalogue.getAiSystemScore('acme', 'nope')).toBeUndefined();
    // A detail-only change (same summary) is not a point of the trend.
    await catalogue.putAiSystemScores([
      {
        workspace: 'acme',
        summary: { ...summary, coverage: 70 },
        scoredAt: t(3),
        detail: { controls: ['x'] },
      },
    ]);
    expect(await catalogue.getAiSystemScoreHistory('acme', 'claims-triage')).toEqual([
      { scoredAt: t(1), summary },
      { scoredAt: t(2), summary: { ...summary, coverage: 70 } },
    ]);
    expect(await catalogue.getAiSystemScoreHistory('beta', 'claims-triage')).toEqual([
      { scoredAt: t(1), summary },
    ]);
    expect(await catalogue.getAiSystemScoreHistory('acme', 'nope')).toEqual([]);
  });

  it('filters by AI system and by what may be stale', async () => {
    const { catalogue } = await open();
    const linked = (id: string, systems: string[], expiresAt?: string) => ({
      ...policy(id, id, t(1)),
      aiSystems: systems,
      ...(expiresAt ? { expiresAt } : {}),
    });
    await catalogue.upsertVersions(
      [
        linked('a', ['claims-triage'], t(10)),
        linked('b', ['claims-triage', 'dispatch'], t(100)),
        linked('c', ['dispatch']),
        { ...linked('d', [], undefined), kind: 'storage.bucket-config' as const },
      ],
      actor,
    );
    const ids = async (filter: Parameters<Catalogue['listArtifacts']>[0]) =>
      (await catalogue.listArtifacts(filter)).items.map((v) => v.externalId);
    expect(await ids({ workspace: 'acme', aiSystem: 'claims-triage' })).toEqual(['a', 'b']);
    expect(await ids({ workspace: 'acme', aiSystem: 'dispatch' })).toEqual(['b', 'c']);
    expect(await ids({ workspace: 'acme', aiSystem: 'claims' })).toEqual([]);
    expect(await ids({ workspace: 'acme', staleCandidates: { before: t(50), kinds: [] } })).toEqual(['a']);
    expect(
      await ids({ workspace: 'acme', staleCandidates: { before: t(50), kinds: ['storage.bucket-config'] } }),
    ).toEqual(['a', 'd']);
  });

  it('finds artifacts by key or title text, and the audit entries of one artifact', async () => {
    const { catalogue } = await open();
    await catalogue.upsertVersions(
      [
        { ...policy('ai-policy', 'a', t(1)), title: 'Kestrel AI Policy' },
        { ...policy('other', 'a', t(1)), title: '100% of 50_ items' },
        policy('ai-policy-2', 'a', t(1)),
      ],
      actor,
    );
    await catalogue.upsertVersions(
      [{ ...policy('ai-policy', 'b', t(2)), title: 'Kestrel AI Policy' }],
      actor,
    );
    const ids = async (text: string) =>
      (await catalogue.listArtifacts({ workspace: 'acme', text })).items.map((v) => v.externalId);
    expect(await ids('kestrel')).toEqual(['ai-policy']);
    expect(await ids('AI-POLICY')).toEqual(['ai-policy', 'ai-policy-2']);
    expect(await ids('100%')).toEqual(['other']);
    expect(await ids('50_')).toEqual(['other']);
    expect(await ids('0%')).toEqual(['other']);
    const entries = await catalogue.listAudit({ subjectPrefix: 'acme/acme-github/ai-policy#' });
    expect(entries.map((e) => e.subject)).toEqual([
      'acme/acme-github/ai-policy#1',
      'acme/acme-github/ai-policy#2',
    ]);
    const head = await catalogue.auditHead();
    expect(head?.subject).toBe('acme/acme-github/ai-policy#2');
    expect(head?.entryHash).toBe((await catalogue.verifyAuditLog()).ok ? head?.entryHash : 'broken');
  });

  it('gives the score changes of every control of a workspace, without explanations', async () => {
    const { catalogue } = await open();
    const score = (controlId: string, coverage: number, at: string) => ({
      workspace: 'acme',
      controlId,
      status: 'partially_compliant' as const,
      coverage,
      present: coverage,
      fresh: coverage,
      scoredAt: at,
      detail: controlResult(controlId, {
        status: 'partially_compliant',
        coverage,
        present: coverage,
        fresh: coverage,
      }),
    });
    await catalogue.putScores([score('A.2.2', 50, t(1)), score('A.2.3', 10, t(1))], actor);
    await catalogue.putScores([score('A.2.2', 75, t(5))], actor);
    const all = await catalogue.getWorkspaceScoreHistory('acme');
    expect(all.map((r) => [r.controlId, r.coverage, r.scoredAt])).toEqual([
      ['A.2.2', 50, t(1)],
      ['A.2.3', 10, t(1)],
      ['A.2.2', 75, t(5)],
    ]);
    expect(all[0]).not.toHaveProperty('detail');
    expect((await catalogue.getWorkspaceScoreHistory('acme', { since: t(3) })).length).toBe(1);
  });
}
