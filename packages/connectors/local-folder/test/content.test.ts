import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorReadTest, MemoryContentStore } from '@aims/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localFolderConnector } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/docs', import.meta.url));
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aims-local-content-'));
  await cp(fixtures, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const config = () => ({
  roots: [{ id: 'handbook', path: dir }],
  mappings: [
    { pattern: 'contracts/**/*.pdf', kind: 'record.document', attributes: { docType: 'supplier-agreement' } },
  ],
});
const read = (store: MemoryContentStore, extra: Partial<Parameters<typeof connectorReadTest>[0]> = {}) =>
  connectorReadTest({
    connector: localFolderConnector,
    config: config(),
    workspace: 'acme',
    instance: 'handbook',
    storeContent: store.storeContent,
    ...extra,
  });

describe('local-folder evidence content', () => {
  it('stores every file as it is, once, and nothing new when the folder did not change', async () => {
    const store = new MemoryContentStore();
    const first = await read(store);
    expect(first.result.status).toBe('succeeded');
    expect(first.upserts.length).toBeGreaterThan(3);
    for (const record of first.upserts) {
      const path = record.externalId.replace('file:handbook/', '');
      expect(record.content?.blobKey, path).toBe(`sha256/${record.content?.sha256}`);
      expect(store.get(record.content?.blobKey ?? '')?.equals(await readFile(join(dir, path))), path).toBe(
        true,
      );
    }
    expect(first.upserts.find((r) => r.externalId.endsWith('.pdf'))?.content?.mediaType).toBe(
      'application/pdf',
    );
    const written = store.writes;
    expect(written).toBe(first.upserts.length);

    const quiet = await read(store, { checkpoints: first.checkpoints });
    expect(quiet.records).toEqual([]);
    const full = await read(store);
    expect(full.upserts.map((r) => r.content)).toEqual(first.upserts.map((r) => r.content));
    expect(store.writes).toBe(written);

    // A changed file is one new content; its old bytes stay where they were.
    await writeFile(
      join(dir, 'README-policy.md'),
      '---\nkind: policy\npolicyType: other\napproved: false\n---\n# New\n',
    );
    const changed = await read(store, { checkpoints: quiet.checkpoints });
    expect(changed.upserts.map((r) => r.externalId)).toEqual(['file:handbook/README-policy.md']);
    expect(store.writes).toBe(written + 1);
  });
});
