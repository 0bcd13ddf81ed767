import { type DraftContent, jsonContent } from '@aims/connector-sdk';
import { richTextToMarkdown } from './adf.js';
import type { JiraHistory, JiraIssue } from './normalise.js';

type Person = { displayName?: string | undefined; accountId?: string | undefined } | null | undefined;

/** Who, by display name (account id when Jira hides the name); never an email or avatar link. */
const who = (person: Person): string | null => person?.displayName ?? person?.accountId ?? null;

/**
 * The content of a ticket: the fields the normaliser reads (as Jira stated them), its body (the
 * description as Jira sent it, ADF or text, plus a markdown rendering), its comments (author,
 * times, body and rendering), its attachments list (file name, size, media type, when and by
 * whom; never their download or thumbnail URLs) and its status changes from the changelog (the
 * approvals the attributes are derived from). Jira's `updated` is left out: it moves for changes
 * this content does not hold (watchers, votes), and the version's revision carries it anyway.
 */
export function issueContent(issue: JiraIssue, histories: readonly JiraHistory[], url: string): DraftContent {
  const f = issue.fields;
  const comments = f.comment?.comments ?? [];
  return jsonContent({
    id: issue.id,
    key: issue.key,
    url,
    project: f.project?.key ?? null,
    issueType: f.issuetype.name,
    summary: f.summary,
    status: f.status.name,
    statusCategory: f.status.statusCategory?.key ?? null,
    resolution: f.resolution?.name ?? null,
    resolutionDate: f.resolutiondate ?? null,
    priority: f.priority?.name ?? null,
    labels: [...f.labels].sort(),
    dueDate: f.duedate ?? null,
    created: f.created,
    assignee: who(f.assignee),
    reporter: who(f.reporter),
    description: f.description ?? null,
    descriptionText: richTextToMarkdown(f.description),
    comments: comments.map((c) => ({
      id: c.id ?? null,
      author: who(c.author),
      created: c.created ?? null,
      updated: c.updated ?? null,
      body: c.body ?? null,
      bodyText: richTextToMarkdown(c.body),
    })),
    // Search returns the latest comments only when an issue has very many: say how many there are.
    commentCount: f.comment?.total ?? comments.length,
    attachments: (f.attachment ?? []).map((a) => ({
      id: a.id ?? null,
      filename: a.filename,
      size: a.size ?? null,
      mimeType: a.mimeType ?? null,
      created: a.created ?? null,
      author: who(a.author),
    })),
    statusChanges: histories.flatMap((entry) =>
      entry.items
        .filter((item) => (item.fieldId ?? item.field) === 'status')
        .map((item) => ({
          at: entry.created,
          by: who(entry.author),
          from: typeof item.fromString === 'string' ? item.fromString : null,
          // A missing `toString` would be Object.prototype's method: read only a string.
          to: typeof item.toString === 'string' ? item.toString : null,
        })),
    ),
  });
}
