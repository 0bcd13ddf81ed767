// What the catalogue stores and answers: the records its port takes and returns.
import type { ArtifactVersion, ControlResult, ControlStatus, HarvestRunEvent } from '@aims/core';

/** Who made a change; recorded in every audit entry. */
export interface Actor {
  type: 'connector' | 'api-key' | 'user' | 'service';
  /** Connector instance id, API key id, user id or service name. Never a secret. */
  id: string;
}

/** A version to store; the catalogue assigns `version`. */
export type ArtifactVersionInput = Omit<ArtifactVersion, 'version'>;

/** Where a harvest read the object: kept on the artifact (not in its versions) for reconciliation. */
export interface ArtifactOrigin {
  slice: string;
  stream: string;
}

/** A version to store, with where it was read. */
export type ArtifactUpsert = ArtifactVersionInput & { origin?: ArtifactOrigin };

/** The source object is gone: the catalogue writes a tombstone version copying the current one. */
export interface ArtifactDeletion {
  op: 'delete';
  key: string;
  /** When the deletion was observed; becomes the tombstone's collectedAt and effectiveAt. */
  collectedAt: string;
  collector: ArtifactVersion['collector'];
  sourceRevision?: string;
  origin?: ArtifactOrigin;
}

/**
 * The source object still exists but can no longer be read: the catalogue writes a version that
 * repeats the current one with `unreadable` set (present, never fresh) until the source is fixed.
 */
export interface ArtifactUnreadable {
  op: 'unreadable';
  key: string;
  collectedAt: string;
  collector: ArtifactVersion['collector'];
  error: { code: string; message: string };
  origin?: ArtifactOrigin;
}

export type ArtifactWrite = ArtifactUpsert | ArtifactDeletion | ArtifactUnreadable;

/** A live artifact of a source instance, with where the harvest last read it. */
export interface LiveArtifactOrigin {
  externalId: string;
  kind: string;
  /** Absent when no harvest has read it yet (it came from a webhook, or predates provenance). */
  slice?: string;
  stream?: string;
}

/** Figures of one AI system, as the scorer last computed them over the evidence linked to it. */
export interface AiSystemSummary {
  id: string;
  name?: string;
  purpose?: string;
  owner?: string;
  role?: 'provider' | 'producer' | 'user';
  lifecycleStage?: string;
  /** False when only evidence names the system: it is missing from the configured inventory. */
  inInventory: boolean;
  artifactCount: number;
  /** Mean coverage of the applicable controls over the system's evidence; null when none applies. */
  coverage: number | null;
  compliant: number;
  partiallyCompliant: number;
  notCompliant: number;
  notApplicable: number;
}

export interface AiSystemScoreRecord {
  workspace: string;
  summary: AiSystemSummary;
  scoredAt: string;
  /** The evaluation over the system's evidence (JSON); stored as is. */
  detail: unknown;
}

/** An API key as the catalogue keeps it: its hash, never the key. */
export interface ApiKeyRecord {
  id: string;
  workspace: string;
  name: string;
  /** SHA-256 hex of the key. */
  sha256: string;
  /** The key's first characters, to tell keys apart in listings (not enough to use it). */
  prefix: string;
  scopes: string[];
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** One export request and, once built, its bundle. */
export interface ExportRecord {
  id: string;
  workspace: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  createdAt: string;
  finishedAt?: string;
  /** Who asked for it (an API key id, `cli`, ...); never a secret. */
  requestedBy: string;
  request: { asOf: string; controls?: string[]; aiSystems?: string[] };
  bundle?: {
    /** Blob store key of the ZIP. */
    key: string;
    name: string;
    sha256: string;
    size: number;
    signature: { status: 'unsigned' } | { status: 'signed'; keyId: string };
    versions: number;
    payloadBytes: number;
  };
  error?: { code: string; message: string };
}

/** The ticket system a gap ticket lives in. */
export type TicketSystem = 'jira';

/**
 * What the ticket sync flags on a gap's ticket. ticket_closed_evidence_missing: the ticket is done
 * while its gap is still open. ticket_missing: the ticket the gap was linked to no longer exists.
 */
export type GapTicketFlag = 'ticket_closed_evidence_missing' | 'ticket_missing';

/** The ticket that tracks a gap, as the ticket sync last wrote and read it. */
export interface GapTicketRecord {
  workspace: string;
  gapId: string;
  system: TicketSystem;
  /** e.g. `GOV-123`. */
  issueKey: string;
  /** Where a person opens the ticket. */
  url: string;
  /** SHA-256 hex of what the sync last wrote to the ticket; a changed gap gives another one. */
  fingerprint: string;
  /** Status name as last read back, e.g. `In Progress`. */
  status?: string;
  /** Status category key as last read back: `new`, `indeterminate` or `done`. */
  statusCategory?: string;
  assigneeName?: string;
  assigneeAccountId?: string;
  /** When a sync last checked the ticket. */
  lastSyncedAt: string;
  flag?: GapTicketFlag;
}

/** What a KPI value counts in. */
export type KpiUnit = 'percent' | 'days' | 'count';

/** One KPI as the scorer computed it (the history keeps one entry per value held). */
export interface KpiValueWrite {
  workspace: string;
  kpiId: string;
  title: string;
  /** The metric measured, e.g. `controls_compliant_share`. */
  metric: string;
  unit: KpiUnit;
  /** Null when there was nothing to measure. */
  value: number | null;
  target: { op: 'gte' | 'lte'; value: number };
  /** Null without a value. */
  met: boolean | null;
  note: string;
  /** ISO 8601 duration between reviews by people. */
  reviewCadence: string;
  lastReviewedAt?: string;
  /** One cadence after the last review; absent when there was none (a review is due at once). */
  nextReviewAt?: string;
  /** When it was computed. */
  computedAt: string;
}

/** One entry of a KPI's history: a value held from `since` to `computedAt` (its latest computation). */
export interface KpiValueRecord extends KpiValueWrite {
  /** When the KPI was first computed with this value (and everything else but computedAt). */
  since: string;
}

export type GapState = 'open' | 'closed';
export type GapReason = 'not_compliant' | 'partially_compliant' | 'expiring';

/**
 * One gap of a control, from when it opened to when it closed. Its id, openedAt and dueAt never
 * change once set (dueAt moves earlier only when the gap escalates).
 */
export interface GapRecord {
  id: string;
  workspace: string;
  controlId: string;
  /** Set for a gap of one AI system's view; absent for the workspace's own gaps. */
  aiSystem?: string;
  state: GapState;
  reason: GapReason;
  priority: 'high' | 'medium' | 'low';
  ownerRole: string;
  openedAt: string;
  dueAt: string;
  closedAt?: string;
  updatedAt: string;
  /** What the gap is about (missing requirements, expiring evidence); stored as is. */
  detail: unknown;
}

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
  /** Only artifacts whose current version expires at or after this instant (never-expiring ones are left out). */
  expiresAfter?: string;
  /** Only artifacts whose current version names this AI system. */
  aiSystem?: string;
  /** Only artifacts whose key or current title contains this text (case-insensitive). */
  text?: string;
  /**
   * Only artifacts that may be stale at `before`: their current version expires before it, or is
   * of one of `kinds` (whose staleness also depends on something else, such as the source's last read).
   */
  staleCandidates?: { before: string; kinds: readonly string[] };
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
  /** The control result as scoring returned it (contracts/events/control-result.v1.schema.json); stored as is. */
  detail: ControlResult;
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

/** Where a database stands against the migration set, by migration name, in order. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}
