import type { ArtifactVersion } from '@aims/core';
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Dialect } from './bulk.js';
import { keyChunks, keyIn } from './key-lookup.js';
import type * as Port from './port.js';
import { decodeCursor, encodeCursor, parseVersion } from './rows.js';
import type { CatalogueDatabase } from './schema.js';

// Reads of artifacts and their versions, the same SQL on PostgreSQL and SQLite.

/** The latest version of each of `keys` that exists, in key order. */
export async function getArtifacts(
  db: Kysely<CatalogueDatabase>,
  dialect: Dialect,
  keys: string[],
): Promise<ArtifactVersion[]> {
  const found: ArtifactVersion[] = [];
  for (const part of keyChunks(dialect, keys)) {
    const rows = await db
      .selectFrom('artifacts as a')
      .innerJoin('artifact_versions as v', (j) =>
        j.onRef('v.key', '=', 'a.key').onRef('v.version', '=', 'a.version'),
      )
      .select('v.doc')
      .where(keyIn(dialect, 'a.key', part))
      .orderBy('a.key')
      .execute();
    found.push(...rows.map((r) => parseVersion(r.doc)));
  }
  return found;
}

/** The latest versions matching a filter, a page of keys at a time. */
export async function listArtifacts(
  db: Kysely<CatalogueDatabase>,
  filter: Port.ArtifactFilter,
  page: Port.PageRequest = {},
): Promise<Port.Page<ArtifactVersion>> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1_000);
  // The page of keys is chosen first and only its versions are read: whatever plan the
  // statistics lead to (before the first ANALYZE of a bulk-loaded table PostgreSQL took a
  // workspace for a few rows and joined all 100,000 before sorting), the join stays a page long.
  let query = db
    .selectFrom('artifacts as a')
    .select(['a.key', 'a.version'])
    .where('a.workspace', '=', filter.workspace);
  if (filter.sourceInstance !== undefined)
    query = query.where('a.source_instance', '=', filter.sourceInstance);
  if (filter.connector !== undefined) query = query.where('a.connector', '=', filter.connector);
  if (filter.kinds !== undefined) {
    if (filter.kinds.length === 0) return { items: [] };
    query = query.where('a.kind', 'in', filter.kinds);
  }
  if (!filter.includeTombstoned) query = query.where('a.tombstone', '=', 0);
  if (filter.collectedSince !== undefined) {
    query = query.where('a.collected_at', '>=', new Date(filter.collectedSince).toISOString());
  }
  if (filter.expiresAfter !== undefined) {
    query = query.where('a.expires_at', '>=', new Date(filter.expiresAfter).toISOString());
  }
  if (filter.expiresBefore !== undefined) {
    query = query.where('a.expires_at', '<', new Date(filter.expiresBefore).toISOString());
  }
  if (filter.aiSystem !== undefined) query = query.where('a.ai_systems', 'like', `% ${filter.aiSystem} %`);
  if (filter.text !== undefined && filter.text !== '') {
    const pattern = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`lower(a.key) like ${pattern} escape '\\'`,
        sql<SqlBool>`lower(coalesce(a.title, '')) like ${pattern} escape '\\'`,
      ]),
    );
  }
  if (filter.staleCandidates !== undefined) {
    const { before, kinds } = filter.staleCandidates;
    const at = new Date(before).toISOString();
    query = query.where((eb) =>
      kinds.length === 0
        ? eb('a.expires_at', '<', at)
        : eb.or([eb('a.expires_at', '<', at), eb('a.kind', 'in', [...kinds])]),
    );
  }
  if (page.cursor !== undefined) query = query.where('a.key', '>', decodeCursor(page.cursor));
  const keys = query.orderBy('a.key').limit(limit + 1);
  const rows = await db
    .selectFrom(keys.as('p'))
    .innerJoin('artifact_versions as v', (j) =>
      j.onRef('v.key', '=', 'p.key').onRef('v.version', '=', 'p.version'),
    )
    .select(['p.key', 'v.doc'])
    .orderBy('p.key')
    .execute();
  const items = rows.slice(0, limit).map((r) => parseVersion(r.doc));
  const last = rows[limit - 1];
  return rows.length > limit && last ? { items, nextCursor: encodeCursor(last.key) } : { items };
}

export async function getVersion(
  db: Kysely<CatalogueDatabase>,
  key: string,
  version: number,
): Promise<ArtifactVersion | undefined> {
  const row = await db
    .selectFrom('artifact_versions')
    .select('doc')
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? parseVersion(row.doc) : undefined;
}

export async function listVersions(db: Kysely<CatalogueDatabase>, key: string): Promise<ArtifactVersion[]> {
  const rows = await db
    .selectFrom('artifact_versions')
    .select('doc')
    .where('key', '=', key)
    .orderBy('version')
    .execute();
  return rows.map((r) => parseVersion(r.doc));
}

export async function listLiveOrigins(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  instance: string,
): Promise<Port.LiveArtifactOrigin[]> {
  const rows = await db
    .selectFrom('artifacts')
    .select(['external_id', 'kind', 'slice', 'stream'])
    .where('workspace', '=', workspace)
    .where('source_instance', '=', instance)
    .where('tombstone', '=', 0)
    .where('version', '>', 0)
    .orderBy('key')
    .execute();
  return rows.map((row) => {
    const origin: Port.LiveArtifactOrigin = { externalId: row.external_id, kind: row.kind };
    if (row.slice !== null) origin.slice = row.slice;
    if (row.stream !== null) origin.stream = row.stream;
    return origin;
  });
}

/** The latest version of every key collected by `asOf`, a page at a time. */
export async function listVersionsAsOf(
  db: Kysely<CatalogueDatabase>,
  workspace: string,
  asOf: string,
  page: Port.PageRequest = {},
): Promise<Port.Page<ArtifactVersion>> {
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 1_000);
  const at = new Date(asOf).toISOString();
  let latest = db
    .selectFrom('artifact_versions')
    .select((eb) => ['key', eb.fn.max('version').as('version')])
    .where('workspace', '=', workspace)
    .where('collected_at', '<=', at);
  if (page.cursor !== undefined) latest = latest.where('key', '>', decodeCursor(page.cursor));
  const rows = await db
    .selectFrom(latest.groupBy('key').as('m'))
    .innerJoin('artifact_versions as v', (j) =>
      j.onRef('v.key', '=', 'm.key').onRef('v.version', '=', 'm.version'),
    )
    .select(['v.key', 'v.doc'])
    .orderBy('v.key')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => parseVersion(r.doc));
  const last = rows[limit - 1];
  return rows.length > limit && last ? { items, nextCursor: encodeCursor(last.key) } : { items };
}
