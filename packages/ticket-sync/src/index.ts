export { type CitedEvidence, closingComment, closingEvidence } from './closing.js';
export {
  closedFingerprint,
  gapLabel,
  openFingerprint,
  type TicketContent,
  ticketContent,
} from './content.js';
export { TicketSyncError } from './errors.js';
export type { JiraRequestEvent, RequestKind, RequestStats } from './jira-gateway.js';
export type {
  GapSyncAction,
  GapSyncFailure,
  GapSyncOutcome,
  SyncGapsResult,
  SyncGapsToJiraOptions,
  TicketSyncLogger,
} from './options.js';
export { managedJql, PAGE_SIZE, READ_FIELDS } from './read-back.js';
export {
  DEFAULT_GAP_SYNC_EVERY_MS,
  type GapSyncJobs,
  gapSyncJobs,
  gapSyncSchedulerId,
  type ScheduleGapSyncOptions,
  scheduleGapSync,
} from './schedule.js';
export { syncGapsToJira } from './sync.js';
