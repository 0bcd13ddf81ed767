// Jira Cloud REST v3 payloads as the site sends them, checked against jira.js's models so a wrong
// shape fails the type check. The fake Jira builds its answers from these.
import type { Version3Models } from 'jira.js';
import bulkCreated from './fixtures/bulk-created.json' with { type: 'json' };
import bulkElementError from './fixtures/bulk-element-error.json' with { type: 'json' };
import commentCreated from './fixtures/comment-created.json' with { type: 'json' };
import createmetaIssueTypes from './fixtures/createmeta-issuetypes.json' with { type: 'json' };
import errorEdit from './fixtures/error-edit.json' with { type: 'json' };
import errorNotFound from './fixtures/error-not-found.json' with { type: 'json' };
import errorProject from './fixtures/error-project.json' with { type: 'json' };
import errorRateLimited from './fixtures/error-rate-limited.json' with { type: 'json' };
import fields from './fixtures/fields.json' with { type: 'json' };
import searchIssue from './fixtures/search-issue.json' with { type: 'json' };
import searchPage from './fixtures/search-page.json' with { type: 'json' };
import statuses from './fixtures/statuses.json' with { type: 'json' };
import transitions from './fixtures/transitions.json' with { type: 'json' };
import userSearch from './fixtures/user-search.json' with { type: 'json' };

/** A search hit carries only the requested fields; Jira sends null for an empty one. */
export type SearchedIssue = Omit<Version3Models.Issue, 'fields'> & {
  fields: {
    labels: string[];
    status: Version3Models.StatusDetails;
    assignee: Version3Models.UserDetails | null;
  };
};
export type SearchPage = Omit<Version3Models.SearchAndReconcileResults, 'issues'> & {
  issues: SearchedIssue[];
};

export const fixtures = {
  fields: fields satisfies Version3Models.FieldDetails[],
  createmetaIssueTypes: createmetaIssueTypes satisfies Version3Models.PageOfCreateMetaIssueTypes,
  userSearch: userSearch satisfies Version3Models.User[],
  bulkCreated: bulkCreated satisfies Version3Models.CreatedIssues,
  bulkElementError: bulkElementError satisfies Version3Models.BulkOperationErrorResult,
  searchIssue: searchIssue satisfies SearchedIssue,
  searchPage: searchPage satisfies SearchPage,
  statuses: statuses satisfies Record<'new' | 'indeterminate' | 'done', Version3Models.StatusDetails>,
  transitions: transitions satisfies Version3Models.Transitions,
  commentCreated: commentCreated satisfies Version3Models.Comment,
  errorProject: errorProject satisfies Version3Models.ErrorCollection,
  errorNotFound: errorNotFound satisfies Version3Models.ErrorCollection,
  errorRateLimited: errorRateLimited satisfies Version3Models.ErrorCollection,
  errorEdit: errorEdit satisfies Version3Models.ErrorCollection,
};

/** A deep copy, so a fake can fill a payload in without touching the fixture. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
