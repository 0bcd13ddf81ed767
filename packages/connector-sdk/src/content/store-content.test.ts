import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector, defineStream } from '../connector.js';
import { ConnectorError } from '../errors.js';
import { cursor, type UpsertDraft, upsert } from '../record.js';
import { connectorReadTest } from '../testing.js';
import { jsonContent, streamedContent } from './draft-content.js';
import { MemoryContentStore } from './memory-store.js';

const TOKEN = 'fake-token-0123456789';
const config = z.object({
  token: z.string(),
  docs: z.array(z.string()),
  failRead: z.boolean().default(false),
});
type Config = z.infer<typeof config>;

const base = (externalId: string): UpsertDraft => ({
  externalId,
  kind: 'record.document',
  attributes: { docType: 'other', approved: false, path: `${externalId}.md` },
});

/** How often each streamed document was opened. */
const opened = new Map<string, number>();

/** Chunks of 64 KiB, like a network body. */
function* chunksOf(text: string): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.byteLength; at += 65_536) yield bytes.subarray(at, at + 65_536);
}

const docs = defineStream<Config, unknown, Record<string, never>, { done: boolean }>({
  name: 'docs',
  kinds: ['record.document'],
  cursor: z.object({ done: z.boolean() }),
  async *read(ctx) {
    for (const name of ctx.config.docs) {
      if (name.startsWith('json:'))
        yield upsert({
          ...base(name),
          ...jsonContent({ name, note: name.endsWith('leak') ? ctx.config.token : 'ok' }),
        });
      else
        yield upsert({
          ...base(name),
          ...streamedContent('text/markdown', () => {
            opened.set(name, (opened.get(name) ?? 0) + 1);
            if (ctx.config.failRead)
              return (async function* () {
                yield Buffer.from('# part');
                throw new ConnectorError('network_error', `reading ${name} failed mid-way`, {
                  retriable: true,
                });
              })();
            return Readable.from(chunksOf(`# ${name}\n${'text '.repeat(100_000)}`));
          }),
        });
    }
    yield cursor({ done: true });
  },
});

const connector = defineConnector<Config, unknown, Record<string, never>>({
  id: 'fake',
  version: '1.0.0',
  configSchema: config,
  auth: { type: 'token', description: 'a token', secrets: (c) => [c.token] },
  check: async () => ({ ok: true, missing: [] }),
  slices: async () => [{ id: 'all', params: {} }],
  streams: [docs],
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const run = (docsToRead: string[], extra: Record<string, unknown> = {}) =>
  connectorReadTest({
    connector,
    config: { token: TOKEN, docs: docsToRead, ...extra },
    workspace: 'acme',
    instance: 'fake-1',
  });

describe('content storage by the runner', () => {
  it('stores described content once, sets blobKey, and stores nothing new for unchanged content', async () => {
    const store = new MemoryContentStore();
    const first = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['json:a', 'json:b'] },
      storeContent: store.storeContent,
    });
    const a = first.upserts[0]?.content;
    expect(a).toEqual({
      sha256: expect.any(String),
      mediaType: 'application/json',
      size: expect.any(Number),
      blobKey: `sha256/${a?.sha256}`,
    });
    expect(store.json(a?.blobKey ?? '')).toEqual({ name: 'json:a', note: 'ok' });
    expect(store.writes).toBe(2);
    const again = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['json:a', 'json:b'] },
      storeContent: store.storeContent,
    });
    expect(again.upserts.map((r) => r.content)).toEqual(first.upserts.map((r) => r.content));
    expect(store.writes).toBe(2);
  });

  it('streams content in one pass through storeStreamedContent: digest and size are those of the bytes stored', async () => {
    opened.clear();
    const store = new MemoryContentStore();
    const result = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['big'] },
      storeContent: store.storeContent,
      storeStreamedContent: store.storeStreamedContent,
    });
    const text = `# big\n${'text '.repeat(100_000)}`;
    expect(result.upserts[0]?.content).toEqual({
      sha256: sha(text),
      mediaType: 'text/markdown',
      size: Buffer.byteLength(text),
      blobKey: `sha256/${sha(text)}`,
    });
    expect(opened.get('big')).toBe(1);
    expect(store.streamed).toEqual([
      { mediaType: 'text/markdown', chunks: 8, largestChunk: 65_536, size: Buffer.byteLength(text) },
    ]);
    expect(store.get(`sha256/${sha(text)}`)?.toString('utf8')).toBe(text);
  });

  it('with only storeContent, hashes streamed content first and reads it again only when it is not stored yet', async () => {
    opened.clear();
    const store = new MemoryContentStore();
    const first = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['big'] },
      storeContent: store.storeContent,
    });
    expect(opened.get('big')).toBe(2);
    expect(first.upserts[0]?.content?.blobKey).toBe(`sha256/${first.upserts[0]?.content?.sha256}`);
    expect(store.streamed).toHaveLength(1);
    await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['big'] },
      storeContent: store.storeContent,
    });
    expect(opened.get('big')).toBe(3);
    expect(store.writes).toBe(1);
  });

  it('without a store, describes streamed content by hashing it', async () => {
    const result = await run(['small']);
    expect(result.upserts[0]?.content).toEqual({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      mediaType: 'text/markdown',
      size: expect.any(Number),
    });
  });

  it('fails only the slice when reading the source fails, naming the source error', async () => {
    const store = new MemoryContentStore();
    const result = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['big'], failRead: true },
      storeContent: store.storeContent,
      storeStreamedContent: store.storeStreamedContent,
    });
    expect(result.result.status).toBe('failed');
    expect(result.result.error?.code).toBe('failure_ratio_exceeded');
    expect(result.gaps).toEqual([
      expect.objectContaining({
        stream: 'docs',
        error: { code: 'network_error', message: 'reading big failed mid-way' },
      }),
    ]);
    expect(store.writes).toBe(0);
  });

  it('ends the run when the store fails (content_store_failed), without the secret', async () => {
    const result = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['json:a'] },
      storeContent: async () => {
        throw new Error(`bucket refused the write (auth ${TOKEN})`);
      },
    });
    expect(result.result.status).toBe('failed');
    expect(result.result.error).toEqual({
      code: 'content_store_failed',
      message: expect.stringContaining('storing the content of json:a failed'),
    });
    expect(JSON.stringify(result.result)).not.toContain(TOKEN);
  });

  it('withholds content that holds a secret of the configuration, and says so', async () => {
    const store = new MemoryContentStore();
    const result = await connectorReadTest({
      connector,
      config: { token: TOKEN, docs: ['json:leak', 'json:fine'] },
      storeContent: store.storeContent,
    });
    expect(result.upserts.map((r) => [r.externalId, r.content?.blobKey !== undefined])).toEqual([
      ['json:leak', false],
      ['json:fine', true],
    ]);
    expect(result.upserts[0]).not.toHaveProperty('content');
    expect(result.result.metrics['content.withheld']).toBe(1);
    expect(store.holds(TOKEN)).toBe(false);
  });
});
