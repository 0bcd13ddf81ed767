// Recorded-shape Jira Cloud payloads, checked against jira.js's REST v3 models. Search results
// carry only the requested fields, and Jira sends null for empty ones, hence the partial fields.
import type { Version3Models } from 'jira.js';
import changelogAims5 from './fixtures/changelog-aims-5.json' with { type: 'json' };
import error401 from './fixtures/error-401.json' with { type: 'json' };
import mypermissions from './fixtures/mypermissions.json' with { type: 'json' };
import myself from './fixtures/myself.json' with { type: 'json' };
import searchIncremental from './fixtures/search-incremental.json' with { type: 'json' };
import searchMalformed from './fixtures/search-malformed.json' with { type: 'json' };
import searchPage1 from './fixtures/search-page-1.json' with { type: 'json' };
import searchPage2 from './fixtures/search-page-2.json' with { type: 'json' };
import webhookIssueDeleted from './fixtures/webhook-issue-deleted.json' with { type: 'json' };
import webhookIssueUpdated from './fixtures/webhook-issue-updated.json' with { type: 'json' };

type Nullable<T> = { [K in keyof T]?: T[K] | null };
export type RecordedIssue = Omit<Version3Models.Issue, 'fields'> & {
  fields: Nullable<Version3Models.Fields>;
};
export type RecordedSearchPage = Omit<Version3Models.SearchAndReconcileResults, 'issues'> & {
  issues: RecordedIssue[];
};
export interface RecordedWebhook {
  timestamp: number;
  webhookEvent: string;
  user: Version3Models.User;
  issue: RecordedIssue;
  changelog?: { id: string; items: Version3Models.ChangeDetails[] };
}
interface PermissionEntry {
  id: string;
  key: string;
  name: string;
  type: string;
  description: string;
  havePermission: boolean;
}

export const fixtures = {
  searchPage1: searchPage1 satisfies RecordedSearchPage,
  searchPage2: searchPage2 satisfies RecordedSearchPage,
  searchIncremental: searchIncremental satisfies RecordedSearchPage,
  /** RISK-1 lacks `fields.status`. */
  searchMalformed: searchMalformed satisfies RecordedSearchPage,
  changelogAims5: changelogAims5 satisfies Version3Models.PageChangelog,
  webhookIssueUpdated: webhookIssueUpdated satisfies RecordedWebhook,
  webhookIssueDeleted: webhookIssueDeleted satisfies RecordedWebhook,
  myself: myself satisfies Version3Models.User,
  mypermissions: mypermissions satisfies { permissions: Record<string, PermissionEntry> },
  error401: error401 satisfies Version3Models.ErrorCollection,
};

/** A deep copy, so a test can alter a payload without touching the others. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
