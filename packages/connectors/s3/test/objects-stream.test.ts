import { ConnectorError, type StreamItem } from '@aims/connector-sdk';
import { describe, expect, it } from 'vitest';
import type { FetchedObject, S3EvidenceClient } from '../src/client.js';
import { s3ConfigSchema } from '../src/config.js';
import { type ObjectsCursor, objectsStream } from '../src/streams/objects.js';

const config = s3ConfigSchema.parse({ region: 'us-east-1', buckets: [{ name: 'acme-docs' }] });
const prefixes = [
  { prefix: 'policies/', kind: 'policy.document' as const, type: 'ai-policy' as const, approved: false },
];

function fakeClient(listing: Array<{ Key: string; ETag: string; LastModified: Date }>, gone: Set<string>) {
  const fetched: string[] = [];
  const released: string[] = [];
  const client = {
    async *listObjects() {
      yield listing.map((o) => ({ ...o, Size: 10 }));
    },
    async fetchObject(_bucket: string, key: string): Promise<FetchedObject> {
      if (gone.has(key))
        throw new ConnectorError('not_found', `S3 GetObject on bucket acme-docs failed: NoSuchKey`);
      fetched.push(key);
      const entry = listing.find((o) => o.Key === key);
      return {
        key,
        etag: (entry?.ETag ?? '').replace(/"/g, ''),
        size: 10,
        contentType: 'text/markdown',
        metadata: {},
        open: async function* () {
          yield Buffer.from(`# ${key}`);
        },
        release: () => released.push(key),
      };
    },
  };
  return { client: client as unknown as S3EvidenceClient, fetched, released };
}

async function read(client: S3EvidenceClient, state?: ObjectsCursor) {
  const ctx = {
    client,
    config,
    slice: { id: 'bucket:acme-docs', params: { bucket: 'acme-docs', prefixes, bucketConfig: false } },
  };
  const items: Array<StreamItem<ObjectsCursor>> = [];
  for await (const item of objectsStream.read(
    ctx as unknown as Parameters<typeof objectsStream.read>[0],
    state,
  ))
    items.push(item);
  const cursors = items.filter((i) => i.type === 'cursor').map((i) => i.cursor);
  return { records: items.flatMap((i) => (i.type === 'record' ? [i.record] : [])), last: cursors.at(-1) };
}

const t1 = new Date('2026-11-20T10:00:00Z');
const t2 = new Date('2026-11-21T10:00:00Z');

describe('objects stream', () => {
  it('downloads only new or changed objects and tombstones keys that vanished', async () => {
    const first = fakeClient(
      [
        { Key: 'policies/a.md', ETag: '"e1"', LastModified: t1 },
        { Key: 'policies/b.md', ETag: '"e2"', LastModified: t1 },
      ],
      new Set(),
    );
    const one = await read(first.client);
    expect(one.records.map((r) => r.externalId)).toEqual([
      'object:acme-docs/policies/a.md',
      'object:acme-docs/policies/b.md',
    ]);
    // Each body is handed to the runner as a stream, then closed.
    expect(one.records[0]).toMatchObject({ streamed: { mediaType: 'text/markdown' } });
    expect(one.records[0]).not.toHaveProperty('content');
    expect(first.released).toEqual(['policies/a.md', 'policies/b.md']);
    expect(one.last).toEqual({
      prefixes: {
        'policies/': {
          lastModified: t1.toISOString(),
          etags: { 'policies/a.md': 'e1', 'policies/b.md': 'e2' },
        },
      },
    });

    const second = fakeClient([{ Key: 'policies/a.md', ETag: '"e3"', LastModified: t2 }], new Set());
    const two = await read(second.client, one.last);
    expect(second.fetched).toEqual(['policies/a.md']);
    expect(two.records).toEqual([
      expect.objectContaining({
        op: 'upsert',
        externalId: 'object:acme-docs/policies/a.md',
        sourceRevision: 'e3',
      }),
      { op: 'delete', externalId: 'object:acme-docs/policies/b.md', kind: 'policy.document' },
    ]);
    expect(two.last?.prefixes['policies/']).toEqual({
      lastModified: t2.toISOString(),
      etags: { 'policies/a.md': 'e3' },
    });
  });

  it('treats an object deleted between listing and download as absent', async () => {
    const { client } = fakeClient(
      [{ Key: 'policies/a.md', ETag: '"e1"', LastModified: t1 }],
      new Set(['policies/a.md']),
    );
    const state = { prefixes: { 'policies/': { lastModified: null, etags: { 'policies/a.md': 'e0' } } } };
    const result = await read(client, state);
    expect(result.records).toEqual([
      { op: 'delete', externalId: 'object:acme-docs/policies/a.md', kind: 'policy.document' },
    ]);
    expect(result.last?.prefixes['policies/']?.etags).toEqual({});
  });
});
