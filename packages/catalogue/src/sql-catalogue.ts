import type { ArtifactVersion } from '@aims/core';
import { type Expression, type Kysely, Migrator, type SqlBool, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import {
  readAiSystemScore,
  readAiSystemScoreHistory,
  readAiSystemSummaries,
  writeAiSystemScores,
} from './ai-systems.js';
import { ApiKeyStore } from './api-keys.js';
import { appendEntries, payloadHash, rowToEntry, verifyChain, versionAuditItems } from './audit.js';
import { insertRows } from './bulk.js';
import { MigrationError } from './errors.js';
import { readExport, readExports, writeExport } from './exports.js';
import { readGapTickets, writeGapTickets } from './gap-tickets.js';
import { readGaps, writeGaps } from './gaps.js';
import { readKpiValues, writeKpiValues } from './kpis.js';
import { readMigrationStatus } from './migration-status.js';
import { migrationProvider } from './migrations/index.js';
import {
  ARTIFACT_UPDATE_COLUMNS,
  instant,
  type KeyState,
  needsCurrent,
  planUpsert,
  WRITE_LOCK,
} from './plan.js';
import type * as Port from './port.js';
import { latestVersion } from './postgres/latest.js';
import { upsertVersionsCopy } from './postgres/upsert.js';
import {
  chunks,
  decodeCursor,
  encodeCursor,
  parseVersion,
  scoreFromRow,
  scoreSummaryFromRow,
} from './rows.js';
import * as runs from './runs.js';
import type { CatalogueDatabase } from './schema.js';
import { readScores, writeScores } from './scores.js';

export interface SqlCatalogueOptions {
  dialect: 'postgres' | 'sqlite';
  /** PostgreSQL schema (created by migrate). */
  schema?: string;
  /**
   * The pool behind `db` on PostgreSQL. With it, version upserts stream their rows with COPY;
   * without it they go through the portable bulk INSERT.
   */
  pool?: pg.Pool;
}

/** Rows per multi-row statement: stays under both dialects' bind-parameter limits. */
const CHUNK = 1_000;
/** Catalogue on PostgreSQL or SQLite through one Kysely query layer. */
export class SqlCatalogue implements Port.Catalogue {
  constructor(
    readonly db: Kysely<CatalogueDatabase>,
    readonly options: SqlCatalogueOptions,
  ) {}

  async migrate(): Promise<void> {
    const schema = this.options.schema;
    if (this.options.dialect === 'postgres' && schema) {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(this.db);
    }
    const migrator = new Migrator({
      db: this.db,
      provider: migrationProvider,
      // Migrations are numbered as they are planned and may land out of order (0005 before 0004):
      // a database that applied a later one still takes an earlier one that arrives after it.
      allowUnorderedMigrations: true,
      ...(this.options.dialect === 'postgres' && schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new MigrationError(failed, error);
    }
  }

  migrationStatus(): Promise<Port.MigrationStatus> {
    const schema = this.options.dialect === 'postgres' ? this.options.schema : undefined;
    return readMigrationStatus(this.db as Kysely<unknown>, schema);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async upsertVersions(batch: Port.ArtifactWrite[], actor: Port.Actor): Promise<Port.UpsertResult> {
    if (batch.length === 0) return { outcomes: [], created: [] };
    if (this.options.dialect === 'postgres' && this.options.pool) {
      return upsertVersionsCopy(this.options.pool, batch, actor);
    }
    return this.write(async (trx, now) => {
      const states = await this.loadStates(trx, batch);
      const plan = planUpsert(batch, states, now);
      const dialect = this.options.dialect;
      await insertRows(
        trx,
        dialect,
        'artifact_versions',
        plan.versions.map((v) => ({
          key: v.key,
          version: v.version,
          workspace: v.workspace,
          kind: v.kind,
          content_hash: v.contentHash,
          tombstone: v.tombstone ? 1 : 0,
          collected_at: instant(v.collectedAt),
          doc: v,
          created_at: now,
        })),
      );
      await insertRows(trx, dialect, 'artifacts', plan.rows, {
        columns: ['key'],
        update: [...ARTIFACT_UPDATE_COLUMNS],
      });
      if (plan.versions.length > 0) await this.lockAudit(trx);
      await appendEntries(
        trx,
        versionAuditItems(plan.versions),
        actor,
        // Taken under the lock, so audit times never go backwards along the chain.
        new Date().toISOString(),
        dialect,
      );
      return { outcomes: plan.outcomes, created: plan.versions };
    }, false);
  }

  async getArtifact(key: string): Promise<ArtifactVersion | undefined> {
    if (this.options.dialect === 'postgres' && this.options.pool)
      return latestVersion(this.options.pool, key);
    return (await this.getArtifacts([key]))[0];
  }

  async getArtifacts(keys: string[]): Promise<ArtifactVersion[]> {
    const found: ArtifactVersion[] = [];
    for (const part of this.keyChunks(keys)) {
      const rows = await this.db
        .selectFrom('artifacts as a')
        .innerJoin('artifact_versions as v', (j) =>
          j.onRef('v.key', '=', 'a.key').onRef('v.version', '=', 'a.version'),
        )
        .select('v.doc')
        .where(this.keyIn('a.key', part))
        .orderBy('a.key')
        .execute();
      found.push(...rows.map((r) => parseVersion(r.doc)));
    }
    return found;
  }

  async listArtifacts(
    filter: Port.ArtifactFilter,
    page: Port.PageRequest = {},
  ): Promise<Port.Page<ArtifactVersion>> {
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 1_000);
    // The page of keys is chosen first and only its versions are read: whatever plan the
    // statistics lead to (before the first ANALYZE of a bulk-loaded table PostgreSQL took a
    // workspace for a few rows and joined all 100,000 before sorting), the join stays a page long.
    let query = this.db
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
    const rows = await this.db
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

  async getVersion(key: string, version: number): Promise<ArtifactVersion | undefined> {
    const row = await this.db
      .selectFrom('artifact_versions')
      .select('doc')
      .where('key', '=', key)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? parseVersion(row.doc) : undefined;
  }

  async listVersions(key: string): Promise<ArtifactVersion[]> {
    const rows = await this.db
      .selectFrom('artifact_versions')
      .select('doc')
      .where('key', '=', key)
      .orderBy('version')
      .execute();
    return rows.map((r) => parseVersion(r.doc));
  }

  putScores(scores: Port.ControlScoreRecord[], actor: Port.Actor): Promise<Port.ScoreWriteOutcome[]> {
    if (scores.length === 0) return Promise.resolve([]);
    return this.write((trx, now) => writeScores(trx, scores, actor, now, this.options.dialect));
  }

  getScores(workspace: string, controlIds?: string[]): Promise<Port.ControlScoreRecord[]> {
    return readScores(this.db, workspace, controlIds);
  }

  async scoresStamp(workspace: string): Promise<string> {
    const row = await this.db
      .selectFrom('control_scores')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('scored_at').as('last')])
      .where('workspace', '=', workspace)
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}@${row?.last ?? ''}`;
  }

  async getScoreHistory(
    workspace: string,
    controlId: string,
    options: { since?: string; limit?: number } = {},
  ) {
    let query = this.db
      .selectFrom('control_score_history')
      .selectAll()
      .where('workspace', '=', workspace)
      .where('control_id', '=', controlId);
    if (options.since !== undefined)
      query = query.where('scored_at', '>=', new Date(options.since).toISOString());
    const rows = await query
      .orderBy('scored_at')
      .limit(Math.min(Math.max(options.limit ?? 1_000, 1), 10_000))
      .execute();
    return rows.map(scoreFromRow);
  }

  async getWorkspaceScoreHistory(workspace: string, options: { since?: string } = {}) {
    let query = this.db
      .selectFrom('control_score_history')
      .select([
        'workspace',
        'control_id',
        'status',
        'coverage',
        'present',
        'fresh',
        'scored_at',
        'next_expiry_at',
      ])
      .where('workspace', '=', workspace);
    if (options.since !== undefined)
      query = query.where('scored_at', '>=', new Date(options.since).toISOString());
    const rows = await query.orderBy('scored_at').orderBy('control_id').limit(200_000).execute();
    return rows.map(scoreSummaryFromRow);
  }

  async listScoresExpiringBy(at: string): Promise<Port.ControlScoreRecord[]> {
    const rows = await this.db
      .selectFrom('control_scores')
      .selectAll()
      .where('next_expiry_at', '<=', new Date(at).toISOString())
      .orderBy('next_expiry_at')
      .execute();
    return rows.map(scoreFromRow);
  }

  async nextScoreExpiry(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('control_scores')
      .select((eb) => eb.fn.min('next_expiry_at').as('next'))
      .executeTakeFirst();
    return row?.next ?? undefined;
  }

  putHarvestRun(run: Port.HarvestRunRecord): Promise<void> {
    return runs.putHarvestRun(this.db, run);
  }

  getHarvestRun(runId: string): Promise<Port.HarvestRunRecord | undefined> {
    return runs.getHarvestRun(this.db, runId);
  }

  listHarvestRuns(workspace: string, options: { instance?: string; limit?: number } = {}) {
    return runs.listHarvestRuns(this.db, workspace, options);
  }

  getCursor(ref: Port.CursorRef): Promise<Port.StoredCursor | undefined> {
    return runs.getCursor(this.db, ref);
  }

  putCursor(ref: Port.CursorRef, cursor: unknown): Promise<void> {
    return runs.putCursor(this.db, ref, cursor);
  }

  async listLiveOrigins(workspace: string, instance: string): Promise<Port.LiveArtifactOrigin[]> {
    const rows = await this.db
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

  putGaps(gaps: Port.GapRecord[], actor: Port.Actor): Promise<void> {
    if (gaps.length === 0) return Promise.resolve();
    return this.write((trx, now) => writeGaps(trx, gaps, actor, now, this.options.dialect));
  }

  listGaps(workspace: string, options: { state?: Port.GapState; controlId?: string } = {}) {
    return readGaps(this.db, workspace, options);
  }

  putKpiValues(values: Port.KpiValueWrite[], actor: Port.Actor): Promise<void> {
    if (values.length === 0) return Promise.resolve();
    return this.write((trx, now) => writeKpiValues(trx, values, actor, now, this.options.dialect));
  }

  listKpiValues(workspace: string, options: { kpiId?: string; asOf?: string; limit?: number } = {}) {
    return readKpiValues(this.db, workspace, options);
  }

  putGapTickets(tickets: Port.GapTicketRecord[], actor: Port.Actor): Promise<void> {
    if (tickets.length === 0) return Promise.resolve();
    return this.write((trx, now) => writeGapTickets(trx, tickets, actor, now, this.options.dialect));
  }

  listGapTickets(workspace: string, options: { system?: Port.TicketSystem } = {}) {
    return readGapTickets(this.db, workspace, options);
  }

  async getGapTicket(
    workspace: string,
    gapId: string,
    system: Port.TicketSystem = 'jira',
  ): Promise<Port.GapTicketRecord | undefined> {
    return (await readGapTickets(this.db, workspace, { system, gapId }))[0];
  }

  putAiSystemScores(records: Port.AiSystemScoreRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return writeAiSystemScores(this.db, this.options.dialect, records);
  }

  listAiSystemSummaries(workspace: string): Promise<Port.AiSystemSummary[]> {
    return readAiSystemSummaries(this.db, workspace);
  }

  getAiSystemScore(workspace: string, aiSystem: string): Promise<Port.AiSystemScoreRecord | undefined> {
    return readAiSystemScore(this.db, workspace, aiSystem);
  }

  getAiSystemScoreHistory(
    workspace: string,
    aiSystem: string,
  ): Promise<{ scoredAt: string; summary: Port.AiSystemSummary }[]> {
    return readAiSystemScoreHistory(this.db, workspace, aiSystem);
  }

  appendAudit(entries: Port.AuditAppend[], actor: Port.Actor): Promise<Port.AuditEntry[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return this.write((trx, now) =>
      appendEntries(
        trx,
        entries.map((e) => ({ action: e.action, subject: e.subject, payloadHash: payloadHash(e.payload) })),
        actor,
        now,
        this.options.dialect,
      ),
    );
  }

  async listAudit(
    options: { afterSeq?: number; limit?: number; subjectPrefix?: string } = {},
  ): Promise<Port.AuditEntry[]> {
    let query = this.db
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

  private get keys(): ApiKeyStore {
    return new ApiKeyStore(this.db, this.options.dialect, (work) => this.write(work));
  }

  createApiKey(record: Port.ApiKeyRecord, actor: Port.Actor): Promise<void> {
    return this.keys.create(record, actor);
  }

  findApiKeyByHash(sha256: string): Promise<Port.ApiKeyRecord | undefined> {
    return this.keys.findByHash(sha256);
  }

  getApiKey(id: string): Promise<Port.ApiKeyRecord | undefined> {
    return this.keys.get(id);
  }

  listApiKeys(workspace?: string): Promise<Port.ApiKeyRecord[]> {
    return this.keys.list(workspace);
  }

  revokeApiKey(id: string, at: string, actor: Port.Actor): Promise<boolean> {
    return this.keys.revoke(id, at, actor);
  }

  markApiKeyUsed(id: string, at: string): Promise<void> {
    return this.keys.markUsed(id, at);
  }

  putExport(record: Port.ExportRecord, actor: Port.Actor): Promise<void> {
    return this.write((trx, now) => writeExport(trx, record, actor, now, this.options.dialect));
  }

  getExport(id: string): Promise<Port.ExportRecord | undefined> {
    return readExport(this.db, id);
  }

  listExports(workspace: string, options: { limit?: number } = {}): Promise<Port.ExportRecord[]> {
    return readExports(this.db, workspace, options.limit ?? 50);
  }

  async listVersionsAsOf(
    workspace: string,
    asOf: string,
    page: Port.PageRequest = {},
  ): Promise<Port.Page<ArtifactVersion>> {
    const limit = Math.min(Math.max(page.limit ?? 100, 1), 1_000);
    const at = new Date(asOf).toISOString();
    let latest = this.db
      .selectFrom('artifact_versions')
      .select((eb) => ['key', eb.fn.max('version').as('version')])
      .where('workspace', '=', workspace)
      .where('collected_at', '<=', at);
    if (page.cursor !== undefined) latest = latest.where('key', '>', decodeCursor(page.cursor));
    const rows = await this.db
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

  async auditHeadAt(at: string): Promise<Port.AuditEntry | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('at', '<=', new Date(at).toISOString())
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? rowToEntry(row) : undefined;
  }

  listHarvestRunsFinishedBy(workspace: string, at: string, options: { limit?: number } = {}) {
    return runs.listHarvestRunsFinishedBy(this.db, workspace, at, options.limit ?? 1_000);
  }

  async auditHead(): Promise<Port.AuditEntry | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? rowToEntry(row) : undefined;
  }

  verifyAuditLog(): Promise<Port.AuditVerification> {
    return verifyChain(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * One transaction. With `lockFirst` it takes the catalogue write lock at once; otherwise the
   * work takes it itself (through `lockAudit`) right before appending to the audit log, so
   * concurrent upserts of different keys overlap their inserts and only the chain append is
   * serialised. The lock is held until commit, so audit order is commit order.
   */
  private write<T>(
    work: (trx: Transaction<CatalogueDatabase>, now: string) => Promise<T>,
    lockFirst = true,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (lockFirst) await this.lockAudit(trx);
      return work(trx, new Date().toISOString());
    });
  }

  private async lockAudit(trx: Transaction<CatalogueDatabase>): Promise<void> {
    if (this.options.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
  }

  /** Distinct keys in lookup-sized parts: one part on PostgreSQL (one array parameter), bounded on SQLite. */
  private keyChunks(keys: string[]): string[][] {
    const distinct = [...new Set(keys)];
    if (distinct.length === 0) return [];
    return this.options.dialect === 'postgres' ? [distinct] : chunks(distinct, CHUNK);
  }

  /**
   * `column` is one of `keys`. PostgreSQL gets the keys as ONE text[] parameter (`= any($1)`),
   * which it parses and plans far faster than thousands of bind parameters; SQLite gets `in (...)`.
   */
  private keyIn(column: 'key' | 'a.key', keys: string[]): Expression<SqlBool> {
    return this.options.dialect === 'postgres'
      ? sql<SqlBool>`${sql.ref(column)} = any(${keys}::text[])`
      : sql<SqlBool>`${sql.ref(column)} in (${sql.join(keys)})`;
  }

  private async loadStates(trx: Transaction<CatalogueDatabase>, batch: Port.ArtifactWrite[]) {
    const states = new Map<string, KeyState>();
    for (const part of this.keyChunks(batch.map((item) => item.key))) {
      const rows = await trx.selectFrom('artifacts').selectAll().where(this.keyIn('key', part)).execute();
      for (const row of rows) states.set(row.key, { row: { ...row, tombstone: Number(row.tombstone) } });
    }
    const deleted = batch.filter(needsCurrent).flatMap((d) => (states.has(d.key) ? [d.key] : []));
    for (const part of this.keyChunks(deleted)) {
      const rows = await trx
        .selectFrom('artifacts as a')
        .innerJoin('artifact_versions as v', (j) =>
          j.onRef('v.key', '=', 'a.key').onRef('v.version', '=', 'a.version'),
        )
        .select(['a.key', 'v.doc'])
        .where(this.keyIn('a.key', part))
        .execute();
      for (const row of rows) {
        const state = states.get(row.key);
        if (state) state.current = parseVersion(row.doc);
      }
    }
    return states;
  }
}
