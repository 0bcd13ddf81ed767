import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InMemoryCheckpointStore } from './checkpoint.js';
import { defineConnector, defineStream, type Slice } from './connector.js';
import { ConnectorError } from './errors.js';
import { runHarvest } from './harvest.js';
import { cursor, tombstone, upsert } from './record.js';
import { connectorReadTest } from './testing.js';

const config = z.object({
  slices: z.array(z.string()),
  items: z.number(),
  failing: z.array(z.string()).default([]),
  token: z.string(),
});
type Config = z.infer<typeof config>;
type Params = { name: string };

const items = defineStream<Config, unknown, Params, { next: number }>({
  name: 'items',
  kinds: ['record.document'],
  cursor: z.object({ next: z.number().int().nonnegative() }),
  async *read(ctx, state) {
    if (ctx.config.failing.includes(ctx.slice.params.name)) {
      throw new ConnectorError(
        'malformed_payload',
        `slice ${ctx.slice.id} is broken (token ${ctx.config.token})`,
      );
    }
    for (let i = state?.next ?? 0; i < ctx.config.items; i++) {
      yield upsert({
        externalId: `${ctx.slice.params.name}:item:${i}`,
        kind: 'record.document',
        title: `item ${i}`,
        attributes: { docType: 'other', approved: false, path: `items/${i}.md` },
      });
      yield cursor({ next: i + 1 });
    }
    if (ctx.config.items === 0)
      yield tombstone(`${ctx.slice.params.name}:item:0`, { kind: 'record.document' });
  },
});

const connector = defineConnector<Config, unknown, Params>({
  id: 'fake',
  version: '1.0.0',
  configSchema: config,
  auth: { type: 'token', description: 'a token', secrets: (c) => [c.token] },
  check: async () => ({ ok: true, missing: [] }),
  slices: async (ctx): Promise<Array<Slice<Params>>> =>
    ctx.config.slices.map((name) => ({ id: `s:${name}`, params: { name } })),
  streams: [items],
});

const base = { connector, workspace: 'acme', instance: 'fake-1' };

describe('runHarvest', () => {
  it('emits complete raw records and checkpoints every N records and at slice end', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    const run = await connectorReadTest({
      ...base,
      config: { slices: ['a'], items: 5, token: 'secret-token-1' },
      checkpoints,
      checkpointEvery: 2,
    });
    expect(run.result.status).toBe('succeeded');
    expect(run.upserts).toHaveLength(5);
    expect(run.records[0]).toMatchObject({
      workspace: 'acme',
      source: { connector: 'fake', instance: 'fake-1' },
      collector: { id: 'fake', version: '1.0.0' },
      externalId: 'a:item:0',
      op: 'upsert',
      runId: run.result.runId,
    });
    expect(checkpoints.saves).toBe(3); // after 2, after 4, and at the end
    expect(run.cursors['acme/fake-1/items/s%3Aa']).toEqual({ next: 5 });
  });

  it('resumes from the last committed cursor after a crash in emit', async () => {
    const cfg = { slices: ['a'], items: 10, token: 'secret-token-1' };
    const crashed = await connectorReadTest({
      ...base,
      config: cfg,
      checkpointEvery: 3,
      crashAfterRecords: 7,
      maxInFlight: 1,
    });
    expect(crashed.crashed).toBe(true);
    expect(crashed.result.status).toBe('failed');
    expect(crashed.result.error?.code).toBe('emit_failed');
    const committed = crashed.cursors['acme/fake-1/items/s%3Aa'] as { next: number };
    expect(committed.next).toBe(6);
    const resumed = await connectorReadTest({
      ...base,
      config: cfg,
      checkpoints: crashed.checkpoints,
      checkpointEvery: 3,
    });
    expect(resumed.result.status).toBe('succeeded');
    expect(resumed.upserts.map((r) => r.externalId)).toEqual([6, 7, 8, 9].map((i) => `a:item:${i}`));
  });

  it('never commits a cursor before emit resolved for the records before it', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    const resolved: string[] = [];
    let committedWhileOpen = false;
    const original = checkpoints.save.bind(checkpoints);
    checkpoints.save = async (key, state) => {
      const next = (state as { next: number }).next;
      if (resolved.length < next) committedWhileOpen = true;
      return original(key, state);
    };
    await runHarvest({
      ...base,
      config: { slices: ['a'], items: 20, token: 'secret-token-1' },
      checkpoints,
      checkpointEvery: 4,
      emit: async (r) => {
        await new Promise((res) => setTimeout(res, Math.random() * 3));
        resolved.push(r.externalId);
      },
    });
    expect(committedWhileOpen).toBe(false);
    expect(resolved).toHaveLength(20);
  });

  it('ends a stopped run aborted, its cursor at the last record emit acknowledged', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    const controller = new AbortController();
    const acknowledged: string[] = [];
    const result = await runHarvest({
      ...base,
      config: { slices: ['a', 'b'], items: 10, token: 'secret-token-1' },
      checkpoints,
      // Far above the records read: only the stop commits a cursor.
      checkpointEvery: 1_000,
      signal: controller.signal,
      emit: async (record) => {
        await new Promise((res) => setTimeout(res, 1));
        acknowledged.push(record.externalId);
        if (acknowledged.length === 4) controller.abort();
      },
    });
    expect(result.status).toBe('aborted');
    expect(result.error?.code).toBe('aborted');
    // Slice b never started; slice a stopped after its fourth (or fifth, in flight) record.
    expect(acknowledged.every((id) => id.startsWith('a:'))).toBe(true);
    const stored = (await checkpoints.load({
      workspace: 'acme',
      instance: 'fake-1',
      stream: 'items',
      slice: 's:a',
    })) as {
      next: number;
    };
    expect(stored.next).toBe(acknowledged.length);
    expect(
      await checkpoints.load({ workspace: 'acme', instance: 'fake-1', stream: 'items', slice: 's:b' }),
    ).toBe(undefined);
  });

  it('records a failing slice as a gap, redacts secrets and goes on', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { slices: ['a', 'b', 'c', 'd', 'e'], items: 1, failing: ['b'], token: 'secret-token-1' },
      failureRatio: 0.25,
    });
    expect(run.result.status).toBe('partial');
    expect(run.result.slices).toEqual({ total: 5, succeeded: 4, failed: 1 });
    expect(run.gaps).toEqual([
      {
        slice: 's:b',
        stream: 'items',
        error: { code: 'malformed_payload', message: expect.any(String) },
        at: expect.any(String),
      },
    ]);
    expect(run.gaps[0]?.error.message).not.toContain('secret-token-1');
    expect(run.upserts).toHaveLength(4);
  });

  it('fails the run above the failure ratio', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { slices: ['a', 'b', 'c'], items: 1, failing: ['a', 'b'], token: 'secret-token-1' },
      failureRatio: 0.5,
    });
    expect(run.result.status).toBe('failed');
    expect(run.result.error?.code).toBe('failure_ratio_exceeded');
    expect(run.upserts).toHaveLength(1);
  });

  it('emits tombstones and rejects an invalid config with a clear error', async () => {
    const run = await connectorReadTest({
      ...base,
      config: { slices: ['a'], items: 0, token: 'secret-token-1' },
    });
    expect(run.deletes).toMatchObject([{ op: 'delete', externalId: 'a:item:0' }]);
    await expect(connectorReadTest({ ...base, config: { slices: 'nope' } })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });

  it('reports a record whose attributes break their schema as that one object unreadable, and goes on', async () => {
    const mixed = defineStream<Config, unknown, Params, { next: number }>({
      ...items,
      name: 'mixed',
      async *read() {
        yield upsert({
          externalId: 'doc:bad',
          kind: 'record.document',
          attributes: { docType: 'other', approved: true, path: 'records/bad.md', approvedAt: 'last spring' },
          origin: { path: 'records/bad.md', lineOf: (key) => (key === 'approvedAt' ? 4 : undefined) },
        });
        yield upsert({
          externalId: 'doc:good',
          kind: 'record.document',
          attributes: { docType: 'other', approved: false, path: 'records/good.md' },
        });
        yield cursor({ next: 2 });
      },
    });
    const run = await connectorReadTest({
      ...base,
      connector: { ...connector, streams: [mixed] },
      config: { slices: ['a'], items: 1, token: 'secret-token-1' },
    });
    expect(run.result.status).toBe('partial');
    expect(run.gaps).toEqual([]);
    expect(run.upserts.map((r) => r.externalId)).toEqual(['doc:good']);
    expect(run.result.skipped).toEqual([
      {
        slice: 's:a',
        stream: 'mixed',
        externalId: 'doc:bad',
        path: 'records/bad.md',
        line: 4,
        error: {
          code: 'malformed_payload',
          message: expect.stringMatching(/^records\/bad\.md line 4: approvedAt must match format/),
        },
        at: expect.any(String),
      },
    ]);
    expect(run.unreadable).toEqual([
      expect.objectContaining({ op: 'unreadable', externalId: 'doc:bad', slice: 's:a', stream: 'mixed' }),
    ]);
    // The slice went on to its end: its cursor was committed.
    expect(run.cursors['acme/fake-1/mixed/s%3Aa']).toEqual({ next: 2 });
  });

  it('names the external id when the object has no known path, and never leaks the origin into the record', async () => {
    const bad = defineStream<Config, unknown, Params, { next: number }>({
      ...items,
      name: 'bad',
      async *read() {
        yield upsert({ externalId: 'x', kind: 'record.document', attributes: { docType: 42 } });
      },
    });
    const run = await connectorReadTest({
      ...base,
      connector: { ...connector, streams: [bad] },
      config: { slices: ['a'], items: 1, token: 'secret-token-1' },
    });
    expect(run.result.skipped.map((s) => [s.externalId, s.path, s.line])).toEqual([
      ['x', undefined, undefined],
    ]);
    expect(run.result.skipped[0]?.error.message).toMatch(/^x: /);
    expect(run.result.skipped[0]?.error.message).toContain('docType');
  });

  it('still turns a record that breaks the envelope contract (a connector fault) into a gap', async () => {
    const bad = defineStream<Config, unknown, Params, { next: number }>({
      ...items,
      name: 'bad',
      async *read() {
        yield upsert({
          externalId: 'x',
          kind: 'record.document',
          effectiveAt: 'yesterday',
          attributes: { docType: 'other', approved: false, path: 'x.md' },
        });
      },
    });
    const run = await connectorReadTest({
      ...base,
      connector: { ...connector, streams: [bad] },
      config: { slices: ['a'], items: 1, token: 'secret-token-1' },
      failureRatio: 1,
    });
    expect(run.gaps[0]?.error.code).toBe('malformed_payload');
    expect(run.records).toHaveLength(0);
  });
});
