/**
 * Catalogue port: artifacts with immutable versions, control scores with history, harvest runs,
 * connector cursors and a hash-chained audit log. Adapters: PostgreSQL and SQLite, both through
 * one Kysely query layer and one migration set (`SqlCatalogue`).
 */
import type { ArtifactVersion } from '@aims/core';
import type {
  Actor,
  AiSystemScoreRecord,
  AiSystemSummary,
  ApiKeyRecord,
  ArtifactFilter,
  ArtifactWrite,
  AuditAppend,
  AuditEntry,
  AuditVerification,
  ControlScoreRecord,
  CursorRef,
  ExportRecord,
  GapRecord,
  GapState,
  GapTicketRecord,
  HarvestRunRecord,
  KpiValueRecord,
  KpiValueWrite,
  LiveArtifactOrigin,
  MigrationStatus,
  Page,
  PageRequest,
  ScoreWriteOutcome,
  StoredCursor,
  TicketSystem,
  UpsertResult,
} from './records.js';

export type * from './records.js';

export interface Catalogue {
  /** Applies the migration set (idempotent). */
  migrate(): Promise<void>;
  /** Which migrations the database has applied and which are pending (reads only, never migrates). */
  migrationStatus(): Promise<MigrationStatus>;
  /** Runs a trivial query: resolves when the database answers now (readiness checks). */
  ping(): Promise<void>;
  /**
   * Stores a batch in ONE transaction with bulk statements, appending one audit entry per created
   * version. Items for the same key are applied in input order. Idempotent: replaying a batch
   * creates nothing new.
   */
  upsertVersions(batch: ArtifactWrite[], actor: Actor): Promise<UpsertResult>;
  /** Current version, tombstoned or not. */
  getArtifact(key: string): Promise<ArtifactVersion | undefined>;
  /** Current versions for many keys (missing keys are left out). */
  getArtifacts(keys: string[]): Promise<ArtifactVersion[]>;
  /** Current versions, ordered by key. */
  listArtifacts(filter: ArtifactFilter, page?: PageRequest): Promise<Page<ArtifactVersion>>;
  getVersion(key: string, version: number): Promise<ArtifactVersion | undefined>;
  /** All versions of a key, oldest first. */
  listVersions(key: string): Promise<ArtifactVersion[]>;

  /** Writes current scores; appends history and an audit entry for each changed one. */
  putScores(scores: ControlScoreRecord[], actor: Actor): Promise<ScoreWriteOutcome[]>;
  getScores(workspace: string, controlIds?: string[]): Promise<ControlScoreRecord[]>;
  /** Changes whenever the workspace's current scores change (to reuse what was read from them). */
  scoresStamp(workspace: string): Promise<string>;
  /** Oldest first; `since` bounds scoredAt. */
  getScoreHistory(
    workspace: string,
    controlId: string,
    options?: { since?: string; limit?: number },
  ): Promise<ControlScoreRecord[]>;
  /** Every control's score changes of a workspace since `since`, oldest first, without explanations. */
  getWorkspaceScoreHistory(
    workspace: string,
    options?: { since?: string },
  ): Promise<Array<Omit<ControlScoreRecord, 'detail'>>>;
  /** Current scores whose nextExpiryAt is at or before `at` (all workspaces). */
  listScoresExpiringBy(at: string): Promise<ControlScoreRecord[]>;
  /** Earliest nextExpiryAt across current scores, if any. */
  nextScoreExpiry(): Promise<string | undefined>;

  putHarvestRun(run: HarvestRunRecord): Promise<void>;
  getHarvestRun(runId: string): Promise<HarvestRunRecord | undefined>;
  listHarvestRuns(
    workspace: string,
    options?: { instance?: string; limit?: number },
  ): Promise<HarvestRunRecord[]>;

  getCursor(ref: CursorRef): Promise<StoredCursor | undefined>;
  putCursor(ref: CursorRef, cursor: unknown): Promise<void>;

  /** Live artifacts of one source instance with their harvest slice and stream (reconciliation). */
  listLiveOrigins(workspace: string, instance: string): Promise<LiveArtifactOrigin[]>;

  /** Creates or updates gaps by id; appends an audit entry for each one that changed. */
  putGaps(gaps: GapRecord[], actor: Actor): Promise<void>;
  /** Gaps of a workspace, oldest first; `state` filters open or closed ones. */
  listGaps(workspace: string, options?: { state?: GapState; controlId?: string }): Promise<GapRecord[]>;

  /**
   * Creates or updates gap tickets by (workspace, gap id, system); appends an audit entry for each
   * new link and each change other than lastSyncedAt.
   */
  putGapTickets(tickets: GapTicketRecord[], actor: Actor): Promise<void>;
  /** The tickets of a workspace's gaps, by gap id; `system` keeps one ticket system. */
  listGapTickets(workspace: string, options?: { system?: TicketSystem }): Promise<GapTicketRecord[]>;
  getGapTicket(workspace: string, gapId: string, system?: TicketSystem): Promise<GapTicketRecord | undefined>;

  /**
   * Records computed KPIs. A value equal (in everything but computedAt) to the KPI's latest entry
   * extends it (its computedAt moves on); any other starts a new entry, audited as kpi.changed.
   * A write computed before the latest entry's computedAt is ignored (a replay).
   */
  putKpiValues(values: KpiValueWrite[], actor: Actor): Promise<void>;
  /**
   * A workspace's KPI history: each KPI's entries newest first (KPIs by id). `kpiId` keeps one
   * KPI; `asOf` keeps what was recorded by then (entries since then, computedAt capped at it);
   * `limit` bounds the entries per KPI.
   */
  listKpiValues(
    workspace: string,
    options?: { kpiId?: string; asOf?: string; limit?: number },
  ): Promise<KpiValueRecord[]>;

  /** Writes AI system scores, skipping those whose summary and detail did not change. */
  putAiSystemScores(records: AiSystemScoreRecord[]): Promise<void>;
  /** Summaries of every scored AI system of a workspace, by id. */
  listAiSystemSummaries(workspace: string): Promise<AiSystemSummary[]>;
  getAiSystemScore(workspace: string, aiSystem: string): Promise<AiSystemScoreRecord | undefined>;
  /** Each change of an AI system's summary (coverage and counts), oldest first. */
  getAiSystemScoreHistory(
    workspace: string,
    aiSystem: string,
  ): Promise<{ scoredAt: string; summary: AiSystemSummary }[]>;

  /** Stores a new API key (audited as api-key.created). */
  createApiKey(record: ApiKeyRecord, actor: Actor): Promise<void>;
  findApiKeyByHash(sha256: string): Promise<ApiKeyRecord | undefined>;
  getApiKey(id: string): Promise<ApiKeyRecord | undefined>;
  /** The keys of a workspace (every workspace without one), newest first. */
  listApiKeys(workspace?: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key from `at` on (audited); false when it does not exist or was revoked already. */
  revokeApiKey(id: string, at: string, actor: Actor): Promise<boolean>;
  /** Records that the key was used at `at` (not audited: a usage time, not a change). */
  markApiKeyUsed(id: string, at: string): Promise<void>;

  /** Creates or replaces an export record (appends an audit entry when its status changes). */
  putExport(record: ExportRecord, actor: Actor): Promise<void>;
  getExport(id: string): Promise<ExportRecord | undefined>;
  /** Newest first. */
  listExports(workspace: string, options?: { limit?: number }): Promise<ExportRecord[]>;
  /**
   * The version of every artifact of a workspace that was current at `asOf`: the highest version
   * collected at or before it (tombstones included), by key, `limit` per page.
   */
  listVersionsAsOf(workspace: string, asOf: string, page?: PageRequest): Promise<Page<ArtifactVersion>>;
  /** The last audit entry appended at or before `at`. */
  auditHeadAt(at: string): Promise<AuditEntry | undefined>;
  /** Harvest runs of a workspace that finished at or before `at`, newest first. */
  listHarvestRunsFinishedBy(
    workspace: string,
    at: string,
    options?: { limit?: number },
  ): Promise<HarvestRunRecord[]>;

  /** Appends entries outside an upsert (e.g. API key created). */
  appendAudit(entries: AuditAppend[], actor: Actor): Promise<AuditEntry[]>;
  /** Oldest first; `subjectPrefix` keeps entries about one thing (an artifact: `<key>#`). */
  listAudit(options?: { afterSeq?: number; limit?: number; subjectPrefix?: string }): Promise<AuditEntry[]>;
  /** The newest entry, whose hash the whole chain leads to; undefined while the log is empty. */
  auditHead(): Promise<AuditEntry | undefined>;
  /** Recomputes the chain; reports the first broken link. */
  verifyAuditLog(): Promise<AuditVerification>;

  close(): Promise<void>;
}
