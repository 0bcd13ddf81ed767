/**
 * Catalogue port: artifacts with immutable versions, control scores with history, harvest runs,
 * connector cursors and a hash-chained audit log. Adapters: PostgreSQL and SQLite, both through
 * one Kysely query layer and one migration set (`SqlCatalogue`).
 */
import type { ArtifactVersion, ControlStatus, HarvestRunEvent } from '@aims/core';

/** Who made a change; recorded in every audit entry. */
export interface Actor {
  type: 'connector' | 'api-key' | 'user' | 'service';
  /** Connector instance id, API key id, user id or service name. Never a secret. */
  id: string;
}

/** A version to store; the catalogue assigns `version`. */
export type ArtifactVersionInput = Omit<ArtifactVersion, 'version'>;

/** The source object is gone: the catalogue writes a tombstone version copying the current one. */
export interface ArtifactDeletion {
  op: 'delete';
  key: string;
  /** When the deletion was observed; becomes the tombstone's collectedAt and effectiveAt. */
  collectedAt: string;
  collector: ArtifactVersion['collector'];
  sourceRevision?: string;
}

export type ArtifactWrite = ArtifactVersionInput | ArtifactDeletion;

/**
 * created: a new version was stored.
 * unchanged: same content hash as the current version (re-observation).
 * stale: observed before the newest observation of this key (late or replayed delivery);
 *        nothing is stored, so redelivered batches never duplicate versions.
 * absent: a deletion for a key that is unknown or already tombstoned.
 */
export type UpsertStatus = 'created' | 'unchanged' | 'stale' | 'absent';

export interface UpsertOutcome {
  /** Position in the input batch. */
  index: number;
  key: string;
  status: UpsertStatus;
  /** The version now current for this key after this item (undefined for `absent`). */
  version?: number;
  /** Set when status is created: the stored version. */
  created?: ArtifactVersion;
}

export interface UpsertResult {
  outcomes: UpsertOutcome[];
  /** The stored versions, in input order. */
  created: ArtifactVersion[];
}

export interface ArtifactFilter {
  workspace: string;
  sourceInstance?: string;
  connector?: string;
  kinds?: string[];
  /** Default false: tombstoned artifacts are left out. */
  includeTombstoned?: boolean;
  /** Only artifacts whose current version was collected at or after this instant. */
  collectedSince?: string;
  /** Only artifacts whose current version expires before this instant. */
  expiresBefore?: string;
}

export interface PageRequest {
  /** 1..1000, default 100. */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  nextCursor?: string;
}

/** A control score as stored (current and history). */
export interface ControlScoreRecord {
  workspace: string;
  controlId: string;
  status: ControlStatus;
  coverage: number;
  present: number;
  fresh: number;
  scoredAt: string;
  nextExpiryAt?: string;
  /** The scoring explanation (JSON); stored as is. */
  detail: unknown;
}

export interface ScoreWriteOutcome {
  controlId: string;
  /** False when status, coverage, present, fresh, nextExpiryAt and detail equal the current score. */
  changed: boolean;
  previousStatus?: ControlStatus;
}

export type HarvestRunRecord = HarvestRunEvent;

export interface CursorRef {
  workspace: string;
  instance: string;
  stream: string;
}

export interface StoredCursor {
  /** JSON value as given to putCursor. */
  cursor: unknown;
  updatedAt: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  subject: string;
  /** SHA-256 hex of the canonical JSON of what changed. */
  payloadHash: string;
  prevHash: string;
  entryHash: string;
}

export interface AuditAppend {
  action: string;
  subject: string;
  /** Hashed (canonical JSON) into payloadHash; not stored. */
  payload: unknown;
}

export type AuditVerification =
  | { ok: true; entries: number; headHash: string }
  | {
      ok: false;
      entries: number;
      brokenAt: number;
      reason: 'prev_hash_mismatch' | 'entry_hash_mismatch' | 'seq_gap';
    };

export interface Catalogue {
  /** Applies the migration set (idempotent). */
  migrate(): Promise<void>;
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
  /** Oldest first; `since` bounds scoredAt. */
  getScoreHistory(
    workspace: string,
    controlId: string,
    options?: { since?: string; limit?: number },
  ): Promise<ControlScoreRecord[]>;
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

  /** Appends entries outside an upsert (e.g. API key created). */
  appendAudit(entries: AuditAppend[], actor: Actor): Promise<AuditEntry[]>;
  listAudit(options?: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  /** Recomputes the chain; reports the first broken link. */
  verifyAuditLog(): Promise<AuditVerification>;

  close(): Promise<void>;
}
