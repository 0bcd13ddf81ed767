import { canonicalJson, sha256Hex } from '@aims/core';
import type { Kysely, Transaction } from 'kysely';
import { type Dialect, insertRows } from './bulk.js';
import type { Actor, AuditAppend, AuditEntry, AuditVerification } from './port.js';
import type { AuditLogTable, CatalogueDatabase } from './schema.js';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

type EntryBody = Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'payloadHash'>;

/**
 * RFC 8785 canonical JSON of the entry without its hashes. Every value is a string or a safe
 * integer and the keys are written in sorted order, so JSON.stringify already yields the
 * canonical form (checked against canonicalJson in audit.test.ts); this runs per stored version.
 */
export function canonicalEntry(entry: EntryBody): string {
  if (!Number.isSafeInteger(entry.seq)) throw new TypeError(`audit seq ${entry.seq} is not a safe integer`);
  return JSON.stringify({
    action: entry.action,
    actor: { id: entry.actor.id, type: entry.actor.type },
    at: entry.at,
    payloadHash: entry.payloadHash,
    seq: entry.seq,
    subject: entry.subject,
  });
}

/** entry_hash = sha256(prev_hash + canonical JSON of the entry without its hashes). */
export function entryHash(prevHash: string, entry: EntryBody): string {
  return sha256Hex(prevHash + canonicalEntry(entry));
}

/** Payload hash of a stored version: canonical JSON of its identity and content hash. */
export function versionPayloadHash(v: {
  key: string;
  version: number;
  contentHash: string;
  collectedAt: string;
  tombstone: boolean;
}): string {
  return sha256Hex(
    JSON.stringify({
      collectedAt: v.collectedAt,
      contentHash: v.contentHash,
      key: v.key,
      tombstone: v.tombstone,
      version: v.version,
    }),
  );
}

/** The audit items of newly stored versions: one per version, subject `key#version`. */
export function versionAuditItems(
  versions: ReadonlyArray<Parameters<typeof versionPayloadHash>[0]>,
): Array<Omit<AuditAppend, 'payload'> & { payloadHash: string }> {
  return versions.map((v) => ({
    action: v.tombstone ? 'artifact.tombstoned' : 'artifact.version.created',
    subject: `${v.key}#${v.version}`,
    payloadHash: versionPayloadHash(v),
  }));
}

export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload ?? null));
}

export function rowToEntry(row: AuditLogTable): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: { type: row.actor_type as Actor['type'], id: row.actor_id },
    action: row.action,
    subject: row.subject,
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
    entryHash: row.entry_hash,
  };
}

/** Head of the chain: the last entry's seq and hash, or none for an empty log. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The entries that follow `head`, hashed in order: each covers its predecessor's hash. */
export function chainEntries(
  head: ChainHead | undefined,
  items: Array<Omit<AuditAppend, 'payload'> & { payloadHash: string }>,
  actor: Actor,
  at: string,
): AuditEntry[] {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  return items.map((item) => {
    seq += 1;
    const body: EntryBody = {
      seq,
      at,
      actor,
      action: item.action,
      subject: item.subject,
      payloadHash: item.payloadHash,
    };
    const hash = entryHash(prev, body);
    const entry: AuditEntry = { ...body, prevHash: prev, entryHash: hash };
    prev = hash;
    return entry;
  });
}

/** The audit_log row of an entry. */
export function auditRow(e: AuditEntry): AuditLogTable {
  return {
    seq: e.seq,
    at: e.at,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    action: e.action,
    subject: e.subject,
    payload_hash: e.payloadHash,
    prev_hash: e.prevHash,
    entry_hash: e.entryHash,
  };
}

/**
 * Appends entries after the current head. Call inside a transaction that holds the catalogue's
 * write lock, so the chain has one writer at a time.
 */
export async function appendEntries(
  trx: Transaction<CatalogueDatabase>,
  items: Array<Omit<AuditAppend, 'payload'> & { payloadHash: string }>,
  actor: Actor,
  at: string,
  dialect: Dialect,
): Promise<AuditEntry[]> {
  if (items.length === 0) return [];
  const head = await trx
    .selectFrom('audit_log')
    .select(['seq', 'entry_hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entries = chainEntries(
    head ? { seq: Number(head.seq), hash: head.entry_hash } : undefined,
    items,
    actor,
    at,
  );
  await insertRows(trx, dialect, 'audit_log', entries.map(auditRow));
  return entries;
}

/** Walks the whole chain in seq order and reports the first entry that does not hold. */
export async function verifyChain(
  db: Kysely<CatalogueDatabase>,
  pageSize = 5_000,
): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      const entry = rowToEntry(row);
      if (entry.seq !== expectedSeq)
        return { ok: false, entries: count, brokenAt: expectedSeq, reason: 'seq_gap' };
      if (entry.prevHash !== prev)
        return { ok: false, entries: count, brokenAt: entry.seq, reason: 'prev_hash_mismatch' };
      if (entryHash(prev, entry) !== entry.entryHash) {
        return { ok: false, entries: count, brokenAt: entry.seq, reason: 'entry_hash_mismatch' };
      }
      prev = entry.entryHash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) return { ok: true, entries: count, headHash: prev };
  }
}

export async function listAudit(
  db: Kysely<CatalogueDatabase>,
  options: { afterSeq?: number; limit?: number; subjectPrefix?: string } = {},
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', options.afterSeq ?? 0);
  if (options.subjectPrefix !== undefined) {
    // A range on the subject index: [prefix, prefix + U+FFFF).
    query = query
      .where('subject', '>=', options.subjectPrefix)
      .where('subject', '<', `${options.subjectPrefix}\uffff`);
  }
  const rows = await query
    .orderBy('seq')
    .limit(Math.min(Math.max(options.limit ?? 1_000, 1), 10_000))
    .execute();
  return rows.map(rowToEntry);
}

/** The last audit entry written by `at`. */
export async function auditHeadAt(
  db: Kysely<CatalogueDatabase>,
  at: string,
): Promise<AuditEntry | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('at', '<=', new Date(at).toISOString())
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? rowToEntry(row) : undefined;
}

export async function auditHead(db: Kysely<CatalogueDatabase>): Promise<AuditEntry | undefined> {
  const row = await db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? rowToEntry(row) : undefined;
}
