import type { ArtifactVersion } from '@aims/core';
import { type Kysely, Migrator, sql, type Transaction } from 'kysely';
import type pg from 'pg';
import {
  readAiSystemScore,
  readAiSystemScoreHistory,
  readAiSystemSummaries,
  writeAiSystemScores,
} from './ai-systems.js';
import { ApiKeyStore } from './api-keys.js';
import * as reads from './artifact-reads.js';
import * as audit from './audit.js';
import { appendEntries, payloadHash, verifyChain, versionAuditItems } from './audit.js';
import { insertRows } from './bulk.js';
import { MigrationError } from './errors.js';
import { readExport, readExports, writeExport } from './exports.js';
import { readGapTickets, writeGapTickets } from './gap-tickets.js';
import { readGaps, writeGaps } from './gaps.js';
import { loadStates } from './key-lookup.js';
import { readKpiValues, writeKpiValues } from './kpis.js';
import { readMigrationStatus } from './migration-status.js';
import { migrationProvider } from './migrations/index.js';
import { ARTIFACT_UPDATE_COLUMNS, instant, planUpsert, WRITE_LOCK } from './plan.js';
import type * as Port from './port.js';
import { latestVersion } from './postgres/latest.js';
import { upsertVersionsCopy } from './postgres/upsert.js';
import * as runs from './runs.js';
import type { CatalogueDatabase } from './schema.js';
import * as scores from './scores.js';
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
      const states = await loadStates(trx, this.options.dialect, batch);
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

  getArtifacts(keys: string[]): Promise<ArtifactVersion[]> {
    return reads.getArtifacts(this.db, this.options.dialect, keys);
  }

  listArtifacts(
    filter: Port.ArtifactFilter,
    page: Port.PageRequest = {},
  ): Promise<Port.Page<ArtifactVersion>> {
    return reads.listArtifacts(this.db, filter, page);
  }

  getVersion(key: string, version: number): Promise<ArtifactVersion | undefined> {
    return reads.getVersion(this.db, key, version);
  }

  listVersions(key: string): Promise<ArtifactVersion[]> {
    return reads.listVersions(this.db, key);
  }

  putScores(scores: Port.ControlScoreRecord[], actor: Port.Actor): Promise<Port.ScoreWriteOutcome[]> {
    if (scores.length === 0) return Promise.resolve([]);
    return this.write((trx, now) => writeScores(trx, scores, actor, now, this.options.dialect));
  }

  getScores(workspace: string, controlIds?: string[]): Promise<Port.ControlScoreRecord[]> {
    return readScores(this.db, workspace, controlIds);
  }

  scoresStamp(workspace: string): Promise<string> {
    return scores.scoresStamp(this.db, workspace);
  }

  getScoreHistory(workspace: string, controlId: string, options: { since?: string; limit?: number } = {}) {
    return scores.readScoreHistory(this.db, workspace, controlId, options);
  }

  getWorkspaceScoreHistory(workspace: string, options: { since?: string } = {}) {
    return scores.readWorkspaceScoreHistory(this.db, workspace, options);
  }

  listScoresExpiringBy(at: string): Promise<Port.ControlScoreRecord[]> {
    return scores.listScoresExpiringBy(this.db, at);
  }

  nextScoreExpiry(): Promise<string | undefined> {
    return scores.nextScoreExpiry(this.db);
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

  listLiveOrigins(workspace: string, instance: string): Promise<Port.LiveArtifactOrigin[]> {
    return reads.listLiveOrigins(this.db, workspace, instance);
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

  listAudit(
    options: { afterSeq?: number; limit?: number; subjectPrefix?: string } = {},
  ): Promise<Port.AuditEntry[]> {
    return audit.listAudit(this.db, options);
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

  listVersionsAsOf(
    workspace: string,
    asOf: string,
    page: Port.PageRequest = {},
  ): Promise<Port.Page<ArtifactVersion>> {
    return reads.listVersionsAsOf(this.db, workspace, asOf, page);
  }

  auditHeadAt(at: string): Promise<Port.AuditEntry | undefined> {
    return audit.auditHeadAt(this.db, at);
  }

  listHarvestRunsFinishedBy(workspace: string, at: string, options: { limit?: number } = {}) {
    return runs.listHarvestRunsFinishedBy(this.db, workspace, at, options.limit ?? 1_000);
  }

  auditHead(): Promise<Port.AuditEntry | undefined> {
    return audit.auditHead(this.db);
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
}
