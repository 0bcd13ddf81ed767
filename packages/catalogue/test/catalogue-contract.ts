import { contentHashOf } from '@aims/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../src/index.js';
import { apiKeyContract } from './api-key-contract.js';
import { exportContract } from './export-contract.js';
import { actor, controlResult, policy, t } from './fixtures.js';
import { gapTicketContract } from './gap-ticket-contract.js';
import { kpiContract } from './kpi-contract.js';
import { lifecycleContract } from './lifecycle-contract.js';
import { replayProperty } from './replay-property.js';

export interface CatalogueUnderTest {
  catalogue: Catalogue;
  /** Overwrites one column of one audit entry behind the catalogue's back. */
  tamperAudit(seq: number, column: 'subject' | 'prev_hash', value: string): Promise<void>;
  dispose(): Promise<void>;
}

const statuses = (r: { outcomes: Array<{ status: string }> }) => r.outcomes.map((o) => o.status);

/** The behaviour every Catalogue adapter must show; `factory` gives a fresh, migrated catalogue. */
export function describeCatalogueContract(
  name: string,
  factory: () => Promise<CatalogueUnderTest>,
  propertyRuns = 30,
): void {
  describe(`Catalogue contract: ${name}`, () => {
    let current: CatalogueUnderTest | undefined;
    const open = async () => {
      current = await factory();
      await current.catalogue.migrate();
      return current;
    };
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });

    it('creates versions only when the content hash changes', async () => {
      const { catalogue } = await open();
      const first = await catalogue.upsertVersions([policy('p1', 'a', t(1))], actor);
      expect(first.outcomes).toEqual([expect.objectContaining({ index: 0, status: 'created', version: 1 })]);
      const again = await catalogue.upsertVersions([policy('p1', 'a', t(2))], actor);
      expect(again.outcomes).toEqual([expect.objectContaining({ status: 'unchanged', version: 1 })]);
      expect(again.created).toEqual([]);
      const changed = await catalogue.upsertVersions([policy('p1', 'b', t(3))], actor);
      expect(changed.created.map((v) => v.version)).toEqual([2]);
      const history = await catalogue.listVersions('acme/acme-github/p1');
      expect(history.map((v) => [v.version, v.attributes.body])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
      expect((await catalogue.getArtifact('acme/acme-github/p1'))?.version).toBe(2);
      expect((await catalogue.getVersion('acme/acme-github/p1', 1))?.contentHash).toBe(
        policy('p1', 'a', t(1)).contentHash,
      );
      expect(await catalogue.getArtifact('acme/acme-github/none')).toBeUndefined();
    });

    it('applies several records of one key in batch order', async () => {
      const { catalogue } = await open();
      const result = await catalogue.upsertVersions(
        [
          policy('k', 'a', t(1)),
          policy('other', 'x', t(1)),
          policy('k', 'b', t(2)),
          policy('k', 'b', t(3)),
          policy('k', 'a', t(4)),
        ],
        actor,
      );
      expect(statuses(result)).toEqual(['created', 'created', 'created', 'unchanged', 'created']);
      expect(result.outcomes.map((o) => o.version)).toEqual([1, 1, 2, 2, 3]);
      const versions = await catalogue.listVersions('acme/acme-github/k');
      expect(versions.map((v) => v.attributes.body)).toEqual(['a', 'b', 'a']);
    });

    it('creates nothing when a batch is delivered again, whole or in part', async () => {
      const { catalogue } = await open();
      const batch = [
        policy('r', 'a', t(1)),
        policy('r', 'a', t(5)),
        policy('r', 'b', t(6)),
        policy('s', 'z', t(6)),
      ];
      await catalogue.upsertVersions(batch, actor);
      const entries = (await catalogue.listAudit()).length;
      const replay = await catalogue.upsertVersions(batch, actor);
      expect(replay.created).toEqual([]);
      const tail = await catalogue.upsertVersions(batch.slice(2), actor);
      expect(tail.created).toEqual([]);
      expect(statuses(tail)).toEqual(['stale', 'stale']);
      expect((await catalogue.listVersions('acme/acme-github/r')).length).toBe(2);
      expect((await catalogue.listAudit()).length).toBe(entries);
    });

    it('tells replays from new observations that share an instant', async () => {
      const { catalogue } = await open();
      const gone = {
        op: 'delete' as const,
        key: 'acme/acme-github/same',
        collectedAt: t(1),
        collector: { id: 'github', version: '1' },
      };
      const batch = [gone, policy('same', 'a', t(1)), policy('same', 'a', t(2)), policy('same', 'b', t(2))];
      const first = await catalogue.upsertVersions(batch, actor);
      expect(statuses(first)).toEqual(['absent', 'created', 'unchanged', 'created']);
      const replay = await catalogue.upsertVersions(batch, actor);
      expect(statuses(replay)).toEqual(['stale', 'stale', 'stale', 'stale']);
      expect((await catalogue.listVersions('acme/acme-github/same')).map((v) => v.attributes.body)).toEqual([
        'a',
        'b',
      ]);
    });

    it('ignores observations older than the newest one seen', async () => {
      const { catalogue } = await open();
      await catalogue.upsertVersions([policy('late', 'new', t(10))], actor);
      const late = await catalogue.upsertVersions([policy('late', 'old', t(5))], actor);
      expect(statuses(late)).toEqual(['stale']);
      expect((await catalogue.getArtifact('acme/acme-github/late'))?.attributes.body).toBe('new');
    });

    it('tombstones deleted artifacts and hides them from lists by default', async () => {
      const { catalogue } = await open();
      await catalogue.upsertVersions([policy('gone', 'a', t(1)), policy('kept', 'a', t(1))], actor);
      const deletion = {
        op: 'delete' as const,
        key: 'acme/acme-github/gone',
        collectedAt: t(2),
        collector: { id: 'github', version: '0.2.0' },
      };
      const result = await catalogue.upsertVersions(
        [deletion, { ...deletion, collectedAt: t(3) }, { ...deletion, key: 'acme/acme-github/never' }],
        actor,
      );
      expect(statuses(result)).toEqual(['created', 'absent', 'absent']);
      const tombstone = result.created[0];
      expect(tombstone).toMatchObject({
        version: 2,
        tombstone: true,
        kind: 'policy.document',
        collectedAt: t(2),
      });
      expect(tombstone?.content).toBeUndefined();
      expect(tombstone?.contentHash).toBe(
        contentHashOf({
          kind: 'policy.document',
          tombstone: true,
          title: 'gone',
          attributes: tombstone?.attributes ?? {},
          aiSystems: [],
        }),
      );
      const visible = await catalogue.listArtifacts({ workspace: 'acme' });
      expect(visible.items.map((v) => v.externalId)).toEqual(['kept']);
      const all = await catalogue.listArtifacts({ workspace: 'acme', includeTombstoned: true });
      expect(all.items.map((v) => v.externalId)).toEqual(['gone', 'kept']);
      const back = await catalogue.upsertVersions([policy('gone', 'a', t(4))], actor);
      expect(back.created.map((v) => [v.version, v.tombstone])).toEqual([[3, false]]);
    });

    it('lists with filters and cursor pages', async () => {
      const { catalogue } = await open();
      const batch = Array.from({ length: 25 }, (_, i) =>
        policy(
          `doc-${String(i).padStart(2, '0')}`,
          'x',
          t(i),
          i % 5 === 0 ? { kind: 'ml.model-card', instance: 'acme-folder' } : {},
        ),
      );
      await catalogue.upsertVersions(
        [...batch, policy('elsewhere', 'x', t(1), { workspace: 'other' })],
        actor,
      );
      const keys: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await catalogue.listArtifacts(
          { workspace: 'acme' },
          cursor === undefined ? { limit: 10 } : { limit: 10, cursor },
        );
        keys.push(...page.items.map((v) => v.key));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      expect(keys).toEqual(batch.map((v) => v.key).sort());
      const cards = await catalogue.listArtifacts({ workspace: 'acme', kinds: ['ml.model-card'] });
      expect(cards.items).toHaveLength(5);
      const folder = await catalogue.listArtifacts({ workspace: 'acme', sourceInstance: 'acme-folder' });
      expect(folder.items.map((v) => v.kind)).toEqual(Array(5).fill('ml.model-card'));
      const recent = await catalogue.listArtifacts({ workspace: 'acme', collectedSince: t(20) });
      expect(recent.items).toHaveLength(5);
      expect(
        (await catalogue.getArtifacts([batch[3]?.key ?? '', 'missing', batch[1]?.key ?? ''])).map(
          (v) => v.externalId,
        ),
      ).toEqual(['doc-01', 'doc-03']);
    });

    it('stores batches larger than one statement chunk', async () => {
      const { catalogue } = await open();
      const batch = Array.from({ length: 2_300 }, (_, i) => policy(`bulk-${i}`, String(i), t(1)));
      const result = await catalogue.upsertVersions(batch, actor);
      expect(result.created).toHaveLength(2_300);
      const audit = await catalogue.verifyAuditLog();
      expect(audit).toMatchObject({ ok: true, entries: 2_300 });
    });

    it('keeps one linear audit chain under concurrent batches', async () => {
      const { catalogue } = await open();
      const batches = [0, 1, 2, 3].map((b) =>
        Array.from({ length: 50 }, (_, i) => policy(`c${b}-${i}`, 'x', t(b))),
      );
      const results = await Promise.all(batches.map((batch) => catalogue.upsertVersions(batch, actor)));
      expect(results.map((r) => r.created.length)).toEqual([50, 50, 50, 50]);
      const audit = await catalogue.verifyAuditLog();
      expect(audit).toMatchObject({ ok: true, entries: 200 });
      const entries = await catalogue.listAudit();
      const times = entries.map((e) => e.at);
      expect([...times].sort()).toEqual(times);
    });

    it('chains the audit log and finds the first broken link', async () => {
      const target = await open();
      const { catalogue } = target;
      await catalogue.upsertVersions([policy('a', '1', t(1)), policy('b', '1', t(1))], actor);
      const extra = await catalogue.appendAudit(
        [{ action: 'api-key.created', subject: 'key-1', payload: { scopes: ['read'] } }],
        {
          type: 'user',
          id: 'u-1',
        },
      );
      expect(extra[0]?.seq).toBe(3);
      const entries = await catalogue.listAudit();
      expect(entries.map((e) => [e.seq, e.action, e.subject])).toEqual([
        [1, 'artifact.version.created', 'acme/acme-github/a#1'],
        [2, 'artifact.version.created', 'acme/acme-github/b#1'],
        [3, 'api-key.created', 'key-1'],
      ]);
      expect(entries[1]?.prevHash).toBe(entries[0]?.entryHash);
      expect(entries[0]?.actor).toEqual(actor);
      const ok = await catalogue.verifyAuditLog();
      expect(ok).toEqual({ ok: true, entries: 3, headHash: entries[2]?.entryHash });
      await target.tamperAudit(2, 'subject', 'acme/acme-github/b#9');
      expect(await catalogue.verifyAuditLog()).toEqual({
        ok: false,
        entries: 1,
        brokenAt: 2,
        reason: 'entry_hash_mismatch',
      });
      await target.tamperAudit(2, 'subject', 'acme/acme-github/b#1');
      await target.tamperAudit(3, 'prev_hash', 'f'.repeat(64));
      expect(await catalogue.verifyAuditLog()).toMatchObject({
        ok: false,
        brokenAt: 3,
        reason: 'prev_hash_mismatch',
      });
    });

    it('keeps current scores with history of changes only', async () => {
      const { catalogue } = await open();
      const score = {
        workspace: 'acme',
        controlId: 'A.2.2',
        status: 'not_compliant' as const,
        coverage: 0,
        present: 0,
        fresh: 0,
        scoredAt: t(1),
        nextExpiryAt: t(100),
        detail: controlResult('A.2.2'),
      };
      expect(await catalogue.putScores([score], actor)).toEqual([{ controlId: 'A.2.2', changed: true }]);
      expect(await catalogue.putScores([{ ...score, scoredAt: t(2) }], actor)).toEqual([
        { controlId: 'A.2.2', changed: false, previousStatus: 'not_compliant' },
      ]);
      const better = {
        ...score,
        status: 'compliant' as const,
        coverage: 100,
        present: 100,
        fresh: 100,
        scoredAt: t(3),
        nextExpiryAt: t(50),
        detail: controlResult('A.2.2', { status: 'compliant', coverage: 100, present: 100, fresh: 100 }),
      };
      expect(await catalogue.putScores([better, { ...score, controlId: 'A.3.2' }], actor)).toEqual([
        { controlId: 'A.2.2', changed: true, previousStatus: 'not_compliant' },
        { controlId: 'A.3.2', changed: true },
      ]);
      const history = await catalogue.getScoreHistory('acme', 'A.2.2');
      expect(history.map((h) => [h.status, h.scoredAt])).toEqual([
        ['not_compliant', t(1)],
        ['compliant', t(3)],
      ]);
      expect((await catalogue.getScores('acme', ['A.2.2']))[0]).toEqual(better);
      expect((await catalogue.getScores('acme')).map((s) => s.controlId)).toEqual(['A.2.2', 'A.3.2']);
      expect(await catalogue.nextScoreExpiry()).toBe(t(50));
      expect((await catalogue.listScoresExpiringBy(t(60))).map((s) => s.controlId)).toEqual(['A.2.2']);
      expect((await catalogue.verifyAuditLog()).ok).toBe(true);
    });

    it('stores harvest runs and connector cursors', async () => {
      const { catalogue } = await open();
      const run = {
        runId: 'run-1',
        workspace: 'acme',
        instance: 'acme-github',
        connector: 'github',
        status: 'started' as const,
        startedAt: t(1),
        records: 0,
        gaps: [],
      };
      await catalogue.putHarvestRun(run);
      await catalogue.putHarvestRun({ ...run, status: 'succeeded', finishedAt: t(9), records: 42 });
      await catalogue.putHarvestRun({ ...run, runId: 'run-2', startedAt: t(20) });
      expect(await catalogue.getHarvestRun('run-1')).toMatchObject({ status: 'succeeded', records: 42 });
      expect(
        (await catalogue.listHarvestRuns('acme', { instance: 'acme-github' })).map((r) => r.runId),
      ).toEqual(['run-2', 'run-1']);
      const ref = { workspace: 'acme', instance: 'acme-github', stream: 'pulls' };
      expect(await catalogue.getCursor(ref)).toBeUndefined();
      await catalogue.putCursor(ref, { since: t(1), page: 2 });
      await catalogue.putCursor(ref, { since: t(5) });
      expect((await catalogue.getCursor(ref))?.cursor).toEqual({ since: t(5) });
      expect(await catalogue.getCursor({ ...ref, stream: 'issues' })).toBeUndefined();
    });

    lifecycleContract(open);
    exportContract(open);
    gapTicketContract(open);
    kpiContract(open);
    apiKeyContract(open);

    replayProperty(async () => {
      const target = await factory();
      await target.catalogue.migrate();
      return target;
    }, propertyRuns);

    it('migrates idempotently', async () => {
      const { catalogue } = await open();
      await catalogue.migrate();
      await catalogue.upsertVersions([policy('m', 'a', t(1))], actor);
      expect((await catalogue.listArtifacts({ workspace: 'acme' })).items).toHaveLength(1);
    });
  });
}
