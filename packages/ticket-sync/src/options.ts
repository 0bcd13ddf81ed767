import type { Actor, Catalogue, GapTicketFlag } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import type { RetryPolicy } from '@aims/connector-sdk';
import type { CitedEvidence } from './closing.js';
import type { JiraRequestEvent, RequestStats } from './jira-gateway.js';

/** The little of a pino logger the sync uses; a pino Logger fits. Nothing secret is ever logged. */
export interface TicketSyncLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  /** A scheduled run that failed as a whole; `warn` when absent. */
  error?(object: Record<string, unknown>, message: string): void;
}

/** Options of {@link syncGapsToJira}. */
export interface SyncGapsToJiraOptions {
  /** The workspace config as loaded by `loadWorkspaceConfig`; its `tickets.jira` section says where tickets go. */
  config: WorkspaceConfig;
  /** Path of that config file: config errors name it with the line of the problem. */
  configFile: string;
  /** Where the gaps are read and the gap tickets kept. */
  catalogue: Catalogue;
  /** Environment holding the variables `tickets.jira.emailEnv` and `apiTokenEnv` name (e.g. `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Who the catalogue's audit log records for gap ticket changes. Default `{ type: 'service', id: 'ticket-sync' }`. */
  actor?: Actor;
  /** Clock for lastSyncedAt. Default `new Date()`. */
  now?: () => Date;
  /** Gets a line per run and per failed gap. */
  logger?: TicketSyncLogger;
  /** Called for every HTTP request sent to Jira, retries included (counting reads and writes). */
  onRequest?: (event: JiraRequestEvent) => void;
  /** Retry policy overrides (attempts, delays); 429 and 503 always wait for Retry-After. */
  retry?: Partial<RetryPolicy>;
  /** Sleep used for Retry-After and backoff (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Jira account ids of owners by lower-case email (null: no account found). Pass the same map to
   * every run (the scheduled job does) and owners are looked up once per process.
   */
  accountCache?: Map<string, string | null>;
  /** Stops starting new writes once aborted; gaps not reached are reported as failed (`aborted`). */
  signal?: AbortSignal;
  /**
   * Reads and plans only: the result says what a run would do (`created` means would create), and
   * nothing is written to Jira or the catalogue. The config is still checked against the site.
   */
  dryRun?: boolean;
}

export type GapSyncAction = 'created' | 'updated' | 'closed' | 'unchanged' | 'failed';

/** What the run did for one gap. */
export interface GapSyncOutcome {
  gapId: string;
  controlId: string;
  action: GapSyncAction;
  issueKey?: string;
  flag?: GapTicketFlag;
  /** For a closed gap: the evidence versions its closing comment cites. */
  evidence?: CitedEvidence[];
}

/** One gap whose ticket could not be written; the other gaps went on. */
export interface GapSyncFailure {
  gapId: string;
  controlId: string;
  issueKey?: string;
  /** The step that failed: `ticket create`, `ticket edit`, `ticket transition`, `ticket comment`, ... */
  operation: string;
  code: string;
  /** What went wrong, in Jira's words where it gave any; never a token or header. */
  message: string;
  retriable: boolean;
}

export interface SyncGapsResult {
  workspace: string;
  project: string;
  /** A dry run: the outcomes are what a run would do; nothing was written. */
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  counts: Record<GapSyncAction, number> & { flagged: number };
  /** One per gap that has or needs a ticket. */
  outcomes: GapSyncOutcome[];
  failures: GapSyncFailure[];
  /** Requests sent to Jira: reads (searches, metadata, lookups), writes, retries, 429/503 answers. */
  requests: RequestStats;
}
