import { expect, it } from 'vitest';
import type { Catalogue, ExportRecord } from '../src/index.js';
import { actor, policy, t } from './fixtures.js';

/** What exports need from a catalogue: their records, and the catalogue as it stood at an instant. */
export function exportContract(open: () => Promise<{ catalogue: Catalogue }>): void {
  it('keeps export records and audits their status changes', async () => {
    const { catalogue } = await open();
    const record: ExportRecord = {
      id: '2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
      workspace: 'acme',
      status: 'queued',
      createdAt: t(1),
      requestedBy: 'api-key:k1',
      request: { asOf: t(1) },
    };
    const before = (await catalogue.listAudit()).length;
    await catalogue.putExport(record, actor);
    await catalogue.putExport(record, actor);
    const done = { ...record, status: 'succeeded' as const, finishedAt: t(2) };
    await catalogue.putExport(done, actor);
    expect(await catalogue.getExport(record.id)).toEqual(done);
    expect(await catalogue.listExports('acme')).toEqual([done]);
    expect(await catalogue.listExports('beta')).toEqual([]);
    const actions = (await catalogue.listAudit()).slice(before).map((e) => e.action);
    expect(actions).toEqual(['export.queued', 'export.succeeded']);
  });

  it('reads the versions current at an instant, as they were then', async () => {
    const { catalogue } = await open();
    await catalogue.upsertVersions([policy('a', 'a1', t(10)), policy('b', 'b1', t(10))], actor);
    await catalogue.upsertVersions([policy('a', 'a2', t(20)), policy('c', 'c1', t(20))], actor);
    await catalogue.upsertVersions(
      [
        {
          op: 'delete',
          key: 'acme/acme-github/b',
          collectedAt: t(30),
          collector: { id: 'github', version: '1' },
        },
      ],
      actor,
    );
    const at = async (n: number) =>
      (await catalogue.listVersionsAsOf('acme', t(n))).items.map((v) => [
        v.externalId,
        v.version,
        v.tombstone,
      ]);
    expect(await at(5)).toEqual([]);
    expect(await at(15)).toEqual([
      ['a', 1, false],
      ['b', 1, false],
    ]);
    expect(await at(25)).toEqual([
      ['a', 2, false],
      ['b', 1, false],
      ['c', 1, false],
    ]);
    expect(await at(35)).toEqual([
      ['a', 2, false],
      ['b', 2, true],
      ['c', 1, false],
    ]);
    const first = await catalogue.listVersionsAsOf('acme', t(35), { limit: 2 });
    const rest = await catalogue.listVersionsAsOf('acme', t(35), {
      limit: 2,
      cursor: first.nextCursor ?? '',
    });
    expect([...first.items, ...rest.items].map((v) => v.externalId)).toEqual(['a', 'b', 'c']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('finds the audit head and the runs finished at an instant', async () => {
    const { catalogue } = await open();
    await catalogue.upsertVersions([policy('a', 'a1', t(1))], actor);
    const head = await catalogue.auditHead();
    expect(await catalogue.auditHeadAt(new Date(Date.parse(head?.at ?? '') + 1).toISOString())).toEqual(head);
    expect(await catalogue.auditHeadAt('2000-01-01T00:00:00Z')).toBeUndefined();
    const run = {
      runId: 'r1',
      workspace: 'acme',
      instance: 'docs',
      connector: 'local-folder',
      status: 'succeeded' as const,
      startedAt: t(1),
      finishedAt: t(5),
      records: 1,
      gaps: [],
    };
    await catalogue.putHarvestRun(run);
    await catalogue.putHarvestRun({ ...run, runId: 'r2', startedAt: t(8), finishedAt: t(9) });
    expect((await catalogue.listHarvestRunsFinishedBy('acme', t(6))).map((r) => r.runId)).toEqual(['r1']);
    expect((await catalogue.listHarvestRunsFinishedBy('acme', t(9))).map((r) => r.runId)).toEqual([
      'r2',
      'r1',
    ]);
  });
}
