import { ConnectorError, type UpsertDraft } from '@aims/connector-sdk';
import { z } from 'zod';
import { auditAttributesFromLabels } from './audit-labels.js';
import type { JiraConfig, TicketKind } from './config.js';
import { issueContent } from './content.js';

const user = z
  .object({
    accountId: z.string().optional(),
    displayName: z.string().optional(),
    emailAddress: z.string().optional(),
  })
  .nullish();

const history = z.object({
  id: z.string().optional(),
  author: user,
  created: z.string(),
  items: z
    .array(
      z.object({
        field: z.string().optional(),
        fieldId: z.string().optional(),
        fromString: z.string().nullish(),
        toString: z.string().nullish(),
      }),
    )
    .default([]),
});
export type JiraHistory = z.infer<typeof history>;

/** A comment: its author and times, and its body (ADF in REST v3, text in v2). */
const comment = z.object({
  id: z.string().optional(),
  author: user,
  body: z.unknown().optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
});

/** An attachment as listed on the issue; its download and thumbnail URLs are not kept. */
const attachment = z.object({
  id: z.string().optional(),
  filename: z.string(),
  size: z.number().optional(),
  mimeType: z.string().optional(),
  created: z.string().optional(),
  author: user,
});

/** The part of a Jira issue (REST v3) the connector relies on; checked at the edge. */
export const jiraIssueSchema = z.object({
  id: z.string().min(1),
  key: z.string().min(1),
  fields: z.object({
    summary: z.string(),
    issuetype: z.object({ name: z.string().min(1) }),
    status: z.object({
      name: z.string().min(1),
      statusCategory: z.object({ key: z.enum(['new', 'indeterminate', 'done', 'undefined']) }).optional(),
    }),
    project: z.object({ key: z.string().min(1) }).optional(),
    resolution: z.object({ name: z.string() }).nullish(),
    resolutiondate: z.string().nullish(),
    assignee: user,
    reporter: user,
    labels: z.array(z.string()).default([]),
    priority: z.object({ name: z.string() }).nullish(),
    /** A date without time (`2026-12-15`). */
    duedate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-12-15')
      .nullish(),
    created: z.string(),
    updated: z.string(),
    /** Rich text: an ADF document (REST v3) or wiki text (v2); kept as content, never read. */
    description: z.unknown().optional(),
    comment: z
      .object({ comments: z.array(comment).default([]), total: z.number().int().optional() })
      .nullish(),
    attachment: z.array(attachment).nullish(),
  }),
  changelog: z.object({ total: z.number().optional(), histories: z.array(history).default([]) }).optional(),
});
export type JiraIssue = z.infer<typeof jiraIssueSchema>;

/** Parses an issue payload; a malformed one is a `malformed_payload` error naming the issue and field. */
export function parseIssue(payload: unknown, where: string): JiraIssue {
  const parsed = jiraIssueSchema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const key = (payload as { key?: unknown } | null)?.key;
  const issue = typeof key === 'string' ? `issue ${key}` : 'an issue';
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new ConnectorError('malformed_payload', `Jira ${where}: ${issue} is malformed (${problems})`, {
    cause: parsed.error,
    context: { where, issueKey: typeof key === 'string' ? key : null },
  });
}

/** Parses a full changelog fetched page by page. */
export function parseHistories(payload: unknown, issueKey: string): JiraHistory[] {
  const parsed = z.array(history).safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new ConnectorError(
    'malformed_payload',
    `Jira changelog of issue ${issueKey} is malformed (${problems})`,
    {
      cause: parsed.error,
      context: { issueKey },
    },
  );
}

/** Jira timestamps (`2026-11-20T09:15:00.000+0000`) as RFC 3339 UTC. */
export function isoTime(value: string): string {
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  if (Number.isNaN(time))
    throw new ConnectorError('malformed_payload', `Jira timestamp '${value}' cannot be read`);
  return new Date(time).toISOString();
}

export function personName(person: z.infer<typeof user>): string | null {
  if (person === null || person === undefined) return null;
  return person.emailAddress ?? person.displayName ?? person.accountId ?? null;
}

export interface Approval {
  approvedBy: string | null;
  approvedAt: string;
}

/** The latest transition into an approval status, from the changelog. */
export function latestApproval(
  histories: readonly JiraHistory[],
  approvalStatuses: readonly string[],
): Approval | undefined {
  let latest: Approval | undefined;
  for (const entry of histories) {
    const intoApproval = entry.items.some(
      (item) =>
        (item.fieldId ?? item.field) === 'status' &&
        typeof item.toString === 'string' &&
        approvalStatuses.includes(item.toString.toLowerCase()),
    );
    if (!intoApproval) continue;
    const at = isoTime(entry.created);
    if (latest === undefined || at > latest.approvedAt)
      latest = { approvedBy: personName(entry.author), approvedAt: at };
  }
  return latest;
}

export function kindForIssueType(
  config: Pick<JiraConfig, 'issueTypes'>,
  issueType: string,
): TicketKind | undefined {
  return config.issueTypes[issueType.toLowerCase()];
}

/** The issue's page on the Jira site. */
export function issueUrl(
  issue: Pick<JiraIssue, 'key'>,
  config: Pick<JiraConfig, 'host'> & { siteUrl?: string | undefined },
): string {
  return `${config.siteUrl ?? config.host}/browse/${issue.key}`;
}

export function issueExternalId(issueId: string): string {
  return `issue:${issueId}`;
}

const DEFAULT_COMPLETED = ['done', 'fixed', 'resolved', 'complete', 'completed'];

/**
 * Maps a Jira issue to a ticket record, or `undefined` when its type is not mapped.
 * Approved: the issue sits in an approval status, or was moved into one and is now done.
 */
export function issueToDraft(
  issue: JiraIssue,
  config: Pick<JiraConfig, 'host' | 'issueTypes' | 'approvalStatuses' | 'aiSystemLabelPrefix'> & {
    siteUrl?: string | undefined;
    /** Lower-case resolution names that mean done; default Done, Fixed, Resolved, Complete(d). */
    completedResolutions?: readonly string[];
  },
  histories: readonly JiraHistory[] = issue.changelog?.histories ?? [],
): UpsertDraft | undefined {
  const f = issue.fields;
  const kind = kindForIssueType(config, f.issuetype.name);
  if (kind === undefined) return undefined;
  const statusCategory = f.status.statusCategory?.key ?? 'undefined';
  const approval = latestApproval(histories, config.approvalStatuses);
  const inApprovalStatus = config.approvalStatuses.includes(f.status.name.toLowerCase());
  const approved = inApprovalStatus || (approval !== undefined && statusCategory === 'done');
  const resolutionDate = f.resolutiondate ? isoTime(f.resolutiondate) : null;
  const resolution = f.resolution?.name ?? null;
  const completedNames = config.completedResolutions ?? DEFAULT_COMPLETED;
  const assignee = personName(f.assignee);
  const project = f.project?.key ?? issue.key.split('-')[0] ?? issue.key;
  const aiSystems = f.labels
    .filter((l) => l.startsWith(config.aiSystemLabelPrefix))
    .map((l) => l.slice(config.aiSystemLabelPrefix.length))
    .filter((id) => id !== '');
  const draft: UpsertDraft = {
    externalId: issueExternalId(issue.id),
    kind,
    sourceRevision: isoTime(f.updated),
    title: `${issue.key} ${f.summary}`,
    url: issueUrl(issue, config),
    effectiveAt: (approved ? approval?.approvedAt : undefined) ?? resolutionDate ?? isoTime(f.created),
    attributes: {
      project,
      issueKey: issue.key,
      issueType: f.issuetype.name,
      status: f.status.name,
      statusCategory,
      resolved: resolution !== null,
      resolution,
      completed: resolution !== null && completedNames.includes(resolution.toLowerCase()),
      resolutionDate,
      dueDate: f.duedate ?? null,
      createdAt: isoTime(f.created),
      assignee,
      reporter: personName(f.reporter),
      approved,
      approvedBy: approved ? (approval?.approvedBy ?? null) : null,
      approvedAt: approved ? (approval?.approvedAt ?? null) : null,
      labels: [...f.labels].sort(),
      priority: f.priority?.name ?? null,
      // Findings and corrective actions: grade, controls, finding and closure evidence from labels.
      ...auditAttributesFromLabels(
        kind,
        issue.key,
        f.labels,
        approved
          ? { approvedBy: approval?.approvedBy ?? null, approvedAt: approval?.approvedAt ?? null }
          : undefined,
      ),
    },
    ...issueContent(issue, histories, issueUrl(issue, config)),
  };
  if (assignee !== null) draft.owner = assignee;
  if (aiSystems.length > 0) draft.aiSystems = [...new Set(aiSystems)].sort();
  return draft;
}
