import { cursor, defineStream, upsert } from '@aims/connector-sdk';
import { z } from 'zod';
import type { JiraClient } from '../client.js';
import { type JiraConfig, ticketKinds } from '../config.js';
import { issuesJql } from '../jql.js';
import { isoTime, issueToDraft, parseHistories, parseIssue } from '../normalise.js';

export interface ProjectSliceParams {
  projectKey: string;
  jql?: string;
}

/** Last `updated` seen, plus the issues seen inside the overlap window (to skip re-reads). */
export const issuesCursorSchema = z.object({
  lastUpdated: z.iso.datetime(),
  seen: z.record(z.string(), z.iso.datetime()),
});
export type IssuesCursor = z.infer<typeof issuesCursorSchema>;

/** Keeps only the `seen` entries that a query from `lastUpdated - overlap` can return again. */
export function advanceCursor(
  state: IssuesCursor | undefined,
  issueId: string,
  updated: string,
  overlapMs: number,
): IssuesCursor {
  const lastUpdated = state === undefined || updated > state.lastUpdated ? updated : state.lastUpdated;
  const floor = new Date(Date.parse(lastUpdated) - overlapMs).toISOString();
  const seen: Record<string, string> = {};
  for (const [id, at] of Object.entries(state?.seen ?? {})) if (at >= floor) seen[id] = at;
  if (updated >= floor) seen[issueId] = updated;
  return { lastUpdated, seen };
}

export const issuesStream = defineStream<JiraConfig, JiraClient, ProjectSliceParams, IssuesCursor>({
  name: 'issues',
  kinds: ticketKinds,
  // A full read runs the project's JQL without a time bound: every matching issue comes back.
  completeListing: true,
  cursor: issuesCursorSchema,
  async *read(ctx, state) {
    const { config, client, slice } = ctx;
    const overlapMs = config.overlapMinutes * 60_000;
    const since = state === undefined ? undefined : new Date(Date.parse(state.lastUpdated) - overlapMs);
    const jql = issuesJql({
      projectKey: slice.params.projectKey,
      ...(slice.params.jql === undefined ? {} : { extraJql: slice.params.jql }),
      ...(since === undefined ? {} : { updatedSince: since }),
      timeZone: config.timeZone,
    });
    let current = state;
    let token: string | undefined;
    do {
      const page = await client.searchPage(jql, config.pageSize, token);
      for (const payload of page.issues ?? []) {
        const issue = parseIssue(payload, `project ${slice.params.projectKey} search`);
        const updated = isoTime(issue.fields.updated);
        if (current?.seen[issue.id] === updated) continue;
        const changelog = issue.changelog;
        const histories =
          changelog !== undefined && (changelog.total ?? 0) > changelog.histories.length
            ? parseHistories(await client.changelog(issue.key), issue.key)
            : undefined;
        const draft = issueToDraft(issue, config, histories);
        if (draft === undefined) ctx.metrics.increment('jira.issues_unmapped');
        else yield upsert(draft);
        current = advanceCursor(current, issue.id, updated, overlapMs);
      }
      if (current !== undefined) yield cursor(current);
      token = page.nextPageToken ?? undefined;
    } while (token !== undefined);
  },
});
