import { type ArtifactVersion, versionJson } from '@aims/core';
import type pg from 'pg';
import { auditRow, chainEntries, versionAuditItems } from '../audit.js';
import { ConcurrentWriteError } from '../errors.js';
import {
  ARTIFACT_UPDATE_COLUMNS,
  instant,
  type KeyState,
  needsCurrent,
  planUpsert,
  WRITE_LOCK,
} from '../plan.js';
import type { Actor, ArtifactWrite, UpsertResult } from '../port.js';
import { parseVersion } from '../rows.js';
import type { ArtifactsTable, AuditLogTable } from '../schema.js';
import { type CopyValue, copyLine, copyRows } from './copy.js';

const VERSION_COLUMNS = [
  'key',
  'version',
  'workspace',
  'kind',
  'content_hash',
  'tombstone',
  'collected_at',
  'doc',
  'created_at',
] as const;
const ARTIFACT_COLUMNS = ['key', ...ARTIFACT_UPDATE_COLUMNS] as const;
const AUDIT_COLUMNS = [
  'seq',
  'at',
  'actor_type',
  'actor_id',
  'action',
  'subject',
  'payload_hash',
  'prev_hash',
  'entry_hash',
] as const satisfies ReadonlyArray<keyof AuditLogTable>;

/** Updates rows of keys that already exist: one JSON parameter, as the portable path does. */
const UPDATE_ARTIFACTS = `insert into artifacts (${ARTIFACT_COLUMNS.map((c) => `"${c}"`).join(', ')})
  select * from json_to_recordset($1::json) as r(${ARTIFACT_COLUMNS.map(
    (c) => `"${c}" ${c === 'version' || c === 'tombstone' ? 'int4' : 'text'}`,
  ).join(', ')})
  on conflict ("key") do update set ${ARTIFACT_UPDATE_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;

/** Attempts of one batch when a concurrent writer created the same key or version first. */
const ATTEMPTS = 3;
const UNIQUE_VIOLATION = '23505';

/**
 * The PostgreSQL write path of `upsertVersions`: the same plan as the portable path, but rows are
 * streamed with COPY, which costs PostgreSQL a fraction of parsing one large bound parameter.
 * Rows of keys seen for the first time are copied straight into `artifacts`; rows of known keys
 * go through an upsert. If another writer inserted one of those first keys or versions in the
 * meantime (two instances during a partition hand-over), the transaction is retried from a fresh
 * read; after ${ATTEMPTS} attempts the error is retriable, never a reason to dead-letter data.
 */
export async function upsertVersionsCopy(
  pool: pg.Pool,
  batch: ArtifactWrite[],
  actor: Actor,
): Promise<UpsertResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptUpsert(pool, batch, actor);
    } catch (error) {
      const pgError = error as { code?: unknown; constraint?: unknown };
      if (pgError.code !== UNIQUE_VIOLATION) throw error;
      if (attempt >= ATTEMPTS)
        throw new ConcurrentWriteError(String(pgError.constraint ?? 'unknown'), attempt);
    }
  }
}

async function attemptUpsert(pool: pg.Pool, batch: ArtifactWrite[], actor: Actor): Promise<UpsertResult> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    await client.query('begin');
    const states = await loadStates(client, batch);
    const known = new Set(states.keys());
    const now = new Date().toISOString();
    const plan = planUpsert(batch, states, now);

    await copyRows(
      client,
      'artifact_versions',
      VERSION_COLUMNS,
      plan.versions.map((v) => versionLine(v, now)),
    );
    const fresh: string[] = [];
    const existing: ArtifactsTable[] = [];
    for (const row of plan.rows) {
      if (known.has(row.key)) existing.push(row);
      else fresh.push(copyLine(ARTIFACT_COLUMNS.map((c) => row[c])));
    }
    await copyRows(client, 'artifacts', ARTIFACT_COLUMNS, fresh);
    if (existing.length > 0) await client.query(UPDATE_ARTIFACTS, [JSON.stringify(existing)]);

    if (plan.versions.length > 0) {
      await client.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const head = await client.query<{ seq: string; entry_hash: string }>(
        'select seq, entry_hash from audit_log order by seq desc limit 1',
      );
      const last = head.rows[0];
      const entries = chainEntries(
        last ? { seq: Number(last.seq), hash: last.entry_hash } : undefined,
        versionAuditItems(plan.versions),
        actor,
        // Taken under the lock, so audit times never go backwards along the chain.
        new Date().toISOString(),
      );
      await copyRows(
        client,
        'audit_log',
        AUDIT_COLUMNS,
        entries.map((e) => {
          const row = auditRow(e);
          return copyLine(AUDIT_COLUMNS.map((c) => row[c]));
        }),
      );
    }
    await client.query('commit');
    return { outcomes: plan.outcomes, created: plan.versions };
  } catch (error) {
    failure = error;
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    // A connection that failed mid-protocol is discarded rather than reused.
    client.release(failure !== undefined && !isServerError(failure));
  }
}

/** An error PostgreSQL reported (it has a SQLSTATE): the connection itself is still sound. */
function isServerError(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((error as { code: string }).code)
  );
}

function versionLine(v: ArtifactVersion, now: string): string {
  const values: CopyValue[] = [
    v.key,
    v.version,
    v.workspace,
    v.kind,
    v.contentHash,
    v.tombstone ? 1 : 0,
    instant(v.collectedAt),
    versionJson(v),
    now,
  ];
  return copyLine(values);
}

async function loadStates(client: pg.PoolClient, batch: ArtifactWrite[]): Promise<Map<string, KeyState>> {
  const states = new Map<string, KeyState>();
  const keys = [...new Set(batch.map((item) => item.key))];
  const found = await client.query<ArtifactsTable>('select * from artifacts where key = any($1::text[])', [
    keys,
  ]);
  for (const row of found.rows) states.set(row.key, { row: { ...row, tombstone: Number(row.tombstone) } });
  const deleted = [...new Set(batch.filter(needsCurrent).map((d) => d.key))].filter((key) => states.has(key));
  if (deleted.length > 0) {
    const current = await client.query<{ key: string; doc: string }>(
      `select a.key, v.doc from artifacts a join artifact_versions v on v.key = a.key and v.version = a.version
        where a.key = any($1::text[])`,
      [deleted],
    );
    for (const row of current.rows) {
      const state = states.get(row.key);
      if (state) state.current = parseVersion(row.doc);
    }
  }
  return states;
}
