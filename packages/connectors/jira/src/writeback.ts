import { ConnectorError } from '@aims/connector-sdk';
import type { JiraClient } from './client.js';
import type { JiraConfig } from './config.js';
import { quoteJql } from './jql.js';

/** One open control gap to track as a Jira issue. */
export interface JiraGap {
  controlId: string;
  summary: string;
  /** Plain-text description (gap explanation). */
  description?: string;
  /** Jira account id of the owner, assigned on the issue. */
  ownerAccountId?: string;
  /** Due date `YYYY-MM-DD`. */
  dueDate?: string;
}

export interface GapSyncOutcome {
  controlId: string;
  issueKey: string;
  action: 'created' | 'updated' | 'unchanged';
}

export type GapWriteBackConfig = NonNullable<JiraConfig['gaps']>;

/** The label that finds a gap's issue again: `aims-gap-` + the control id as a label-safe slug. */
export function gapLabel(controlId: string, prefix = 'aims-gap-'): string {
  const slug = controlId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '')
    throw new ConnectorError('config_invalid', `control id '${controlId}' gives an empty gap label`);
  return `${prefix}${slug}`;
}

function adf(text: string) {
  return {
    type: 'doc',
    version: 1,
    content: text
      .split(/\n{2,}/)
      .map((para) => ({ type: 'paragraph', content: [{ type: 'text', text: para }] })),
  };
}

interface ExistingGapIssue {
  key: string;
  summary: string;
  assignee: string | null;
  dueDate: string | null;
}

async function findGapIssue(
  client: JiraClient,
  projectKey: string,
  label: string,
): Promise<ExistingGapIssue | undefined> {
  const jql = `project = ${quoteJql(projectKey)} AND labels = ${quoteJql(label)} ORDER BY created ASC`;
  const page = await client.call('gap lookup', (c) =>
    c.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql,
      maxResults: 2,
      fields: ['summary', 'assignee', 'duedate'],
    }),
  );
  const found = page.issues?.[0];
  if (found === undefined) return undefined;
  const fields = (found.fields ?? {}) as {
    summary?: string;
    assignee?: { accountId?: string } | null;
    duedate?: string | null;
  };
  return {
    key: found.key,
    summary: fields.summary ?? '',
    assignee: fields.assignee?.accountId ?? null,
    dueDate: fields.duedate ?? null,
  };
}

/**
 * Creates or updates one Jira issue per open gap. The issue is found again by its label, so a
 * second run with the same gaps changes nothing. Gaps are handled one by one; the first failure
 * stops the sync with an error naming the control.
 */
export async function syncGapsToJira(
  client: JiraClient,
  gaps: readonly JiraGap[],
  target: GapWriteBackConfig,
): Promise<GapSyncOutcome[]> {
  const outcomes: GapSyncOutcome[] = [];
  for (const gap of gaps) {
    const label = gapLabel(gap.controlId, target.labelPrefix);
    try {
      const existing = await findGapIssue(client, target.projectKey, label);
      if (existing === undefined) {
        const fields: Record<string, unknown> = {
          project: { key: target.projectKey },
          issuetype: { name: target.issueType },
          summary: gap.summary,
          labels: [label],
        };
        if (gap.description !== undefined) fields.description = adf(gap.description);
        if (gap.ownerAccountId !== undefined) fields.assignee = { accountId: gap.ownerAccountId };
        if (gap.dueDate !== undefined) fields.duedate = gap.dueDate;
        const created = await client.call('gap create', (c) =>
          c.issues.createIssue({ fields: fields as Parameters<typeof c.issues.createIssue>[0]['fields'] }),
        );
        outcomes.push({ controlId: gap.controlId, issueKey: created.key, action: 'created' });
        continue;
      }
      const changes: Record<string, unknown> = {};
      if (existing.summary !== gap.summary) changes.summary = gap.summary;
      if (gap.ownerAccountId !== undefined && existing.assignee !== gap.ownerAccountId) {
        changes.assignee = { accountId: gap.ownerAccountId };
      }
      if (gap.dueDate !== undefined && existing.dueDate !== gap.dueDate) changes.duedate = gap.dueDate;
      if (Object.keys(changes).length === 0) {
        outcomes.push({ controlId: gap.controlId, issueKey: existing.key, action: 'unchanged' });
        continue;
      }
      await client.call('gap update', (c) =>
        c.issues.editIssue({ issueIdOrKey: existing.key, fields: changes }),
      );
      outcomes.push({ controlId: gap.controlId, issueKey: existing.key, action: 'updated' });
    } catch (error) {
      const failure =
        error instanceof ConnectorError
          ? error
          : new ConnectorError('internal', String(error), { cause: error });
      throw new ConnectorError(
        failure.code,
        `syncing the gap of control ${gap.controlId} to Jira failed: ${failure.message}`,
        {
          retriable: failure.retriable,
          cause: failure,
          context: { controlId: gap.controlId, label },
        },
      );
    }
  }
  return outcomes;
}
