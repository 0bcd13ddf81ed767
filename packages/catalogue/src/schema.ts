/** Row types of the catalogue tables, shared by PostgreSQL and SQLite (see migrations). */

export interface ArtifactsTable {
  key: string;
  workspace: string;
  source_instance: string;
  connector: string;
  external_id: string;
  kind: string;
  /** 0 for a placeholder row: a deletion of a key never seen (no version exists). */
  version: number;
  content_hash: string;
  /** 0 or 1 (portable boolean). */
  tombstone: number;
  collected_at: string;
  effective_at: string;
  expires_at: string | null;
  /** Newest observation seen for the key (normalised ISO), used to ignore replays. */
  last_seen_at: string;
  /** Space-separated fingerprints of the items observed at last_seen_at (replay detection). */
  seen_digests: string;
  updated_at: string;
  /** Harvest slice and stream that last read the object; null when unknown (webhook, older rows). */
  slice: string | null;
  stream: string | null;
  /** The current version's AI systems as ` a b ` (space-delimited, with a space on each side). */
  ai_systems: string;
  title: string | null;
}

export interface ArtifactVersionsTable {
  key: string;
  version: number;
  workspace: string;
  kind: string;
  content_hash: string;
  tombstone: number;
  collected_at: string;
  /** The ArtifactVersion as JSON. */
  doc: string;
  created_at: string;
}

export interface AuditLogTable {
  /** bigint: pg returns it as a string. */
  seq: number | string;
  at: string;
  actor_type: string;
  actor_id: string;
  action: string;
  subject: string;
  payload_hash: string;
  prev_hash: string;
  entry_hash: string;
}

export interface ControlScoresTable {
  workspace: string;
  control_id: string;
  status: string;
  coverage: number;
  present: number;
  fresh: number;
  scored_at: string;
  next_expiry_at: string | null;
  score_hash: string;
  detail: string;
}

export type ControlScoreHistoryTable = Omit<ControlScoresTable, 'score_hash'>;

export interface HarvestRunsTable {
  run_id: string;
  workspace: string;
  instance: string;
  connector: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  doc: string;
}

export interface ConnectorCursorsTable {
  workspace: string;
  instance: string;
  stream: string;
  cursor: string;
  updated_at: string;
}

export interface GapsTable {
  id: string;
  workspace: string;
  control_id: string;
  /** open or closed. */
  state: string;
  opened_at: string;
  due_at: string;
  closed_at: string | null;
  updated_at: string;
  /** The GapRecord as JSON. */
  doc: string;
}

export interface AiSystemScoreHistoryTable {
  workspace: string;
  ai_system: string;
  scored_at: string;
  /** AiSystemSummary as JSON. */
  summary: string;
}

export interface AiSystemScoresTable {
  workspace: string;
  ai_system: string;
  scored_at: string;
  score_hash: string;
  /** AiSystemSummary as JSON (small: read for listings). */
  summary: string;
  /** The evaluation over the system's evidence as JSON. */
  detail: string;
}

export interface ApiKeysTable {
  id: string;
  workspace: string;
  /** SHA-256 hex of the key; the key itself is never stored. */
  sha256: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  /** The ApiKeyRecord as JSON (without the times kept in columns). */
  doc: string;
}

export interface ExportsTable {
  id: string;
  workspace: string;
  status: string;
  created_at: string;
  /** The ExportRecord as JSON. */
  doc: string;
}

export interface GapTicketsTable {
  workspace: string;
  gap_id: string;
  /** The ticket system: `jira`. */
  system: string;
  issue_key: string;
  url: string;
  /** SHA-256 hex of what the ticket sync last wrote to the ticket. */
  fingerprint: string;
  status: string | null;
  status_category: string | null;
  assignee_name: string | null;
  assignee_account_id: string | null;
  last_synced_at: string;
  flag: string | null;
}

/** One value a KPI held: from `since` (first computed) to `computed_at` (last computed). */
export interface KpiValuesTable {
  workspace: string;
  kpi_id: string;
  since: string;
  computed_at: string;
  /** The KpiValueRecord without since and computedAt, as JSON. */
  doc: string;
}

export interface CatalogueDatabase {
  artifacts: ArtifactsTable;
  artifact_versions: ArtifactVersionsTable;
  audit_log: AuditLogTable;
  control_scores: ControlScoresTable;
  control_score_history: ControlScoreHistoryTable;
  harvest_runs: HarvestRunsTable;
  connector_cursors: ConnectorCursorsTable;
  gaps: GapsTable;
  ai_system_scores: AiSystemScoresTable;
  ai_system_score_history: AiSystemScoreHistoryTable;
  exports: ExportsTable;
  api_keys: ApiKeysTable;
  gap_tickets: GapTicketsTable;
  kpi_values: KpiValuesTable;
}
