import { randomUUID } from 'node:crypto';
import { contentHashOf } from '@aims/core';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type ArtifactVersionInput, createPostgresCatalogue, type SqlCatalogue } from '../src/index.js';
import { actor, policy, t } from './fixtures.js';

const connectionString = process.env.DATABASE_URL ?? '';
const open: SqlCatalogue[] = [];
const schemas: string[] = [];

async function catalogueIn(schema: string): Promise<SqlCatalogue> {
  const catalogue = createPostgresCatalogue({ connectionString, schema, poolSize: 2 });
  open.push(catalogue);
  await catalogue.migrate();
  return catalogue;
}

function newSchema(): string {
  const schema = `copy_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  schemas.push(schema);
  return schema;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
});

/** A version whose text fields hold every character COPY's text format escapes. */
function awkward(externalId: string, at: string): ArtifactVersionInput {
  const base = policy(externalId, 'line one\nline\ttwo\r\nback\\slash \\N "quoted" \u00e9\u4e2d', at);
  const title = 'Tab\there, newline\nthere, backslash\\ and \\N';
  const fields = {
    kind: base.kind,
    title,
    attributes: base.attributes,
    aiSystems: ['model\\a', 'b\tc'],
    tombstone: false,
  };
  return { ...base, ...fields, contentHash: contentHashOf(fields) };
}

describe('PostgreSQL catalogue: COPY write path', () => {
  it('stores text with tabs, newlines and backslashes exactly as given', async () => {
    const catalogue = await catalogueIn(newSchema());
    const input = awkward('docs/awkward', t(1));
    const result = await catalogue.upsertVersions([input], actor);
    expect(result.outcomes[0]?.status).toBe('created');

    const stored = await catalogue.getArtifact(input.key);
    expect(stored?.title).toBe(input.title);
    expect(stored?.attributes).toEqual(input.attributes);
    expect(stored?.aiSystems).toEqual(['model\\a', 'b\tc']);
    const listed = await catalogue.listArtifacts({ workspace: 'acme' });
    expect(listed.items.map((v) => v.title)).toEqual([input.title]);
    expect((await catalogue.verifyAuditLog()).ok).toBe(true);
  });

  it('keeps one version per key when two instances create the same new keys at once', async () => {
    const schema = newSchema();
    const first = await catalogueIn(schema);
    const second = await createPostgresCatalogue({ connectionString, schema, poolSize: 2 });
    open.push(second);
    const keys = Array.from({ length: 200 }, (_, i) => `docs/shared-${i}`);
    // Each round both instances write the same observations: a partition hand-over in miniature.
    for (let round = 0; round < 5; round++) {
      const batch = keys.map((id) => policy(`${id}-${round}`, `body ${round}`, t(round)));
      const [a, b] = await Promise.all([
        first.upsertVersions(batch, actor),
        second.upsertVersions(batch, { type: 'connector', id: 'acme-github-2' }),
      ]);
      const statuses = [...a.outcomes, ...b.outcomes].map((o) => o.status);
      // Exactly one instance created each key; the other saw its observation as already stored.
      expect(statuses.filter((s) => s === 'created')).toHaveLength(keys.length);
      expect(statuses.filter((s) => s === 'stale')).toHaveLength(keys.length);
    }
    for (const round of [0, 4]) {
      const versions = await first.listVersions(`acme/acme-github/docs/shared-7-${round}`);
      expect(versions.map((v) => v.version)).toEqual([1]);
    }
    const audit = await first.verifyAuditLog();
    expect(audit).toMatchObject({ ok: true, entries: keys.length * 5 });
  });
});
