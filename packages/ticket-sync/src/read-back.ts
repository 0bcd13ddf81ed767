import type { JiraTicketsConfig } from '@aims/config';
import { ConnectorError } from '@aims/connector-sdk';
import type { Version3Models } from 'jira.js';
import type { JiraGateway } from './jira-gateway.js';

/** A ticket as the search reads it back: enough to compare, never the whole issue. */
export interface TicketState {
  id: string;
  key: string;
  status?: string;
  /** `new`, `indeterminate` or `done`. */
  statusCategory?: string;
  assigneeName?: string;
  assigneeAccountId?: string;
}

/** The only fields the sync reads from a ticket. */
export const READ_FIELDS = ['labels', 'status', 'assignee'];

/** Issues per search page (Jira's enhanced search returns at most 100 with fields requested). */
export const PAGE_SIZE = 100;

type SearchedIssue = Omit<Version3Models.Issue, 'fields'> & {
  fields?: {
    labels?: string[] | null;
    status?: Version3Models.StatusDetails | null;
    assignee?: Version3Models.UserDetails | null;
  };
};

/** Quotes a JQL string value. */
export const quoteJql = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Every managed ticket of the project: `project = P AND labels = <label>`. */
export const managedJql = (jira: Pick<JiraTicketsConfig, 'project' | 'label'>): string =>
  `project = ${quoteJql(jira.project)} AND labels = ${quoteJql(jira.label)} ORDER BY created ASC`;

export function ticketStateOf(issue: SearchedIssue): TicketState {
  const state: TicketState = { id: issue.id, key: issue.key };
  const status = issue.fields?.status;
  const assignee = issue.fields?.assignee;
  if (status?.name !== undefined) state.status = status.name;
  if (status?.statusCategory?.key !== undefined) state.statusCategory = status.statusCategory.key;
  if (assignee?.displayName !== undefined) state.assigneeName = assignee.displayName;
  if (assignee?.accountId !== undefined) state.assigneeAccountId = assignee.accountId;
  return state;
}

/**
 * Reads every managed ticket of the project in pages of `pageSize` (one read per page), by the
 * gap id in its `<label>-<gap id>` label. A gap with more than one ticket lists them oldest first.
 */
export async function readManagedTickets(
  gateway: JiraGateway,
  jira: Pick<JiraTicketsConfig, 'project' | 'label'>,
  pageSize = PAGE_SIZE,
): Promise<Map<string, TicketState[]>> {
  const byGap = new Map<string, TicketState[]>();
  const prefix = `${jira.label}-`;
  const jql = managedJql(jira);
  let nextPageToken: string | undefined;
  do {
    const request: Version3Models.EnhancedSearchRequest = { jql, maxResults: pageSize, fields: READ_FIELDS };
    if (nextPageToken !== undefined) request.nextPageToken = nextPageToken;
    const page = await gateway.read('ticket search', (client) =>
      client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost(request),
    );
    for (const issue of (page.issues ?? []) as SearchedIssue[]) {
      for (const label of issue.fields?.labels ?? []) {
        if (!label.startsWith(prefix)) continue;
        const gapId = label.slice(prefix.length);
        byGap.set(gapId, [...(byGap.get(gapId) ?? []), ticketStateOf(issue)]);
      }
    }
    nextPageToken = page.nextPageToken ?? undefined;
  } while (nextPageToken !== undefined);
  return byGap;
}

/** One ticket by key (when the search did not return a linked one); undefined when it is gone. */
export async function readTicket(gateway: JiraGateway, key: string): Promise<TicketState | undefined> {
  try {
    const issue = await gateway.read('ticket read', (client) =>
      client.issues.getIssue({ issueIdOrKey: key, fields: READ_FIELDS }),
    );
    return ticketStateOf(issue as SearchedIssue);
  } catch (error) {
    if (error instanceof ConnectorError && error.context?.status === 404) return undefined;
    throw error;
  }
}
