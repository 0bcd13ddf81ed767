import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector, defineStream, type Slice } from './connector.js';
import { ConnectorError } from './errors.js';
import type { KnownArtifact } from './harvest-types.js';
import { goneArtifacts } from './reconcile.js';
import { skipped, upsert } from './record.js';
import { connectorReadTest } from './testing.js';

const config = z.object({
  /** Objects per slice name that the source holds now. */
  objects: z.record(z.string(), z.array(z.string())),
  failing: z.array(z.string()).default([]),
  unreadable: z.array(z.string()).default([]),
});
type Config = z.infer<typeof config>;
type Params = { name: string };

const files = defineStream<Config, unknown, Params, Record<string, never>>({
  name: 'files',
  kinds: ['record.document'],
  completeListing: true,
  cursor: z.object({}).strict(),
  async *read(ctx) {
    const { name } = ctx.slice.params;
    if (ctx.config.failing.includes(name))
      throw new ConnectorError('upstream_unavailable', `${name} is down`);
    for (const id of ctx.config.objects[name] ?? []) {
      if (ctx.config.unreadable.includes(id)) {
        const error = new ConnectorError('malformed_payload', `${id}: invalid YAML`, {
          context: { line: 3 },
        });
        yield skipped(error, { externalId: id, path: `${id}.md` });
        continue;
      }
      yield upsert({
        externalId: id,
        kind: 'record.document',
        attributes: { docType: 'other', approved: false, path: `${id}.md` },
      });
    }
  },
});

/** A windowed stream: what it does not yield may still exist, so it never reconciles. */
const recent = defineStream<Config, unknown, Params, Record<string, never>>({
  ...files,
  name: 'recent',
  completeListing: false,
  async *read() {},
});

const connector = defineConnector<Config, unknown, Params>({
  id: 'fake',
  version: '1.0.0',
  configSchema: config,
  auth: { type: 'none', description: 'none', secrets: () => [] },
  check: async () => ({ ok: true, missing: [] }),
  slices: async (ctx): Promise<Array<Slice<Params>>> =>
    Object.keys(ctx.config.objects).map((name) => ({ id: `s:${name}`, params: { name } })),
  streams: [files, recent],
});

const known = (id: string, slice: string, stream = 'files'): KnownArtifact => ({
  externalId: id,
  kind: 'record.document',
  slice,
  stream,
});
const base = { connector, workspace: 'acme', instance: 'fake-1', full: true };

describe('full harvests reconcile deletions', () => {
  it('tombstones what a completely read slice no longer holds, and only that', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { objects: { a: ['a1'], b: ['b1'] }, failing: ['b'] },
      knownArtifacts: async () => [
        known('a1', 's:a'),
        known('a-gone', 's:a'),
        known('b-kept', 's:b'), // its slice failed: nothing of it is deleted
        known('old-pr', 's:a', 'recent'), // a windowed stream never reconciles
        { externalId: 'from-webhook', kind: 'record.document' }, // no recorded slice
        known('c-gone', 's:c'), // the source no longer lists slice c
      ],
    });
    expect(run.deletes.map((r) => [r.externalId, r.kind, r.slice, r.stream])).toEqual([
      ['a-gone', 'record.document', 's:a', 'files'],
      ['c-gone', 'record.document', 's:c', 'files'],
    ]);
    expect(run.result).toMatchObject({
      status: 'partial',
      reconciled: 2,
      records: { upserts: 1, deletes: 2 },
    });
    expect(run.upserts[0]).toMatchObject({ externalId: 'a1', slice: 's:a', stream: 'files' });
  });

  it('reconciles nothing on incremental runs, on runs limited to some slices, or without the catalogue', async () => {
    const cfg = { objects: { a: ['a1'] } };
    const knownArtifacts = async () => [known('a-gone', 's:a'), known('c-gone', 's:c')];
    const incremental = await connectorReadTest({ ...base, full: false, config: cfg, knownArtifacts });
    expect(incremental.deletes).toEqual([]);
    const limited = await connectorReadTest({ ...base, config: cfg, knownArtifacts, sliceIds: ['s:a'] });
    expect(limited.deletes.map((r) => r.externalId)).toEqual(['a-gone']);
    const otherStreams = await connectorReadTest({
      ...base,
      config: cfg,
      knownArtifacts,
      streams: ['recent'],
    });
    expect(otherStreams.deletes).toEqual([]);
    const noCatalogue = await connectorReadTest({ ...base, config: cfg });
    expect(noCatalogue.deletes).toEqual([]);
  });

  it('keeps unreadable objects, marks them and records where they are', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { objects: { a: ['a1', 'broken'] }, unreadable: ['broken'] },
      knownArtifacts: async () => [known('a1', 's:a'), known('broken', 's:a')],
    });
    expect(run.deletes).toEqual([]);
    expect(run.unreadable).toMatchObject([
      {
        op: 'unreadable',
        externalId: 'broken',
        error: { code: 'malformed_payload', message: 'broken: invalid YAML' },
      },
    ]);
    expect(run.result.status).toBe('partial');
    expect(run.result.skipped).toEqual([
      {
        slice: 's:a',
        stream: 'files',
        externalId: 'broken',
        path: 'broken.md',
        line: 3,
        error: { code: 'malformed_payload', message: 'broken: invalid YAML' },
        at: expect.any(String),
      },
    ]);
  });

  it('fails a run only when every slice failed, unless a failure ratio is set', async () => {
    const some = await connectorReadTest({
      ...base,
      config: { objects: { a: [], b: [], c: [] }, failing: ['a', 'b'] },
    });
    expect(some.result.status).toBe('partial');
    const all = await connectorReadTest({
      ...base,
      config: { objects: { a: [], b: [] }, failing: ['a', 'b'] },
    });
    expect(all.result).toMatchObject({ status: 'failed', error: { code: 'failure_ratio_exceeded' } });
    expect(all.result.error?.message).toMatch(/every slice failed \(2 of 2\); first: a is down/);
  });
});

describe('goneArtifacts', () => {
  it('needs a seen id, a read slice or a vanished slice to decide', () => {
    const coverage = {
      completed: new Map([['s:a', new Set(['files'])]]),
      listedSlices: new Set(['s:a', 's:b']),
      streams: new Set(['files']),
      seen: new Set(['a1']),
    };
    const result = goneArtifacts(
      [known('a1', 's:a'), known('a2', 's:a'), known('b1', 's:b'), known('x1', 's:x')],
      coverage,
    );
    expect(result.map((a) => a.externalId)).toEqual(['a2', 'x1']);
    expect(goneArtifacts([known('x1', 's:x')], { ...coverage, listedSlices: undefined })).toEqual([]);
  });
});
