import { type CheckResult, defineConnector, type MissingPermission } from '@aims/connector-sdk';
import { JiraClient, type JiraClientOptions } from './client.js';
import { type JiraConfig, jiraConfigSchema, jiraSecrets } from './config.js';
import { issuesStream, type ProjectSliceParams } from './streams/issues.js';

import { JIRA_CONNECTOR_VERSION } from './version.js';

export { JIRA_CONNECTOR_VERSION };

/** Project permissions the harvest needs (gap tickets are `@aims/ticket-sync`'s, with its own check). */
const READ_PERMISSIONS = ['BROWSE_PROJECTS'] as const;

/** Builds the Jira connector; options reach the client (retry policy, sleep, clock). */
export function createJiraConnector(options: JiraClientOptions = {}) {
  return defineConnector<JiraConfig, JiraClient, ProjectSliceParams>({
    id: 'jira',
    version: JIRA_CONNECTOR_VERSION,
    title: 'Jira',
    configSchema: jiraConfigSchema,
    auth: {
      type: 'token',
      description:
        'Jira Cloud API token with the account email (basic), or an OAuth 2.0 access token (bearer)',
      secrets: jiraSecrets,
    },
    createClient: (ctx) =>
      new JiraClient(ctx.config, {
        ...options,
        onRequest: (op) => {
          ctx.metrics.increment('jira.requests');
          options.onRequest?.(op);
        },
      }),
    async check(ctx): Promise<CheckResult> {
      const me = await ctx.client.myself();
      const missing: MissingPermission[] = [];
      const granted = new Set<string>();
      const wanted = new Map<string, readonly string[]>();
      for (const project of ctx.config.projects) wanted.set(project.key, READ_PERMISSIONS);
      for (const [projectKey, permissions] of wanted) {
        const result = await ctx.client.myPermissions(projectKey, permissions);
        for (const [permission, has] of Object.entries(result)) {
          if (has) granted.add(`${projectKey}:${permission}`);
          else missing.push({ permission, reason: `needed in project ${projectKey}` });
        }
      }
      const identity = me.emailAddress ?? me.displayName ?? me.accountId;
      return {
        ok: missing.length === 0,
        ...(identity === undefined ? {} : { identity }),
        granted: [...granted],
        missing,
      };
    },
    slices: (ctx) =>
      Promise.resolve(
        ctx.config.projects.map((p) => ({
          id: `project:${p.key}`,
          title: `Jira project ${p.key}`,
          params: p.jql === undefined ? { projectKey: p.key } : { projectKey: p.key, jql: p.jql },
        })),
      ),
    streams: [issuesStream],
  });
}

/** The Jira connector with default client options. */
export const jiraConnector = createJiraConnector();

export type { JiraClientOptions } from './client.js';
export { JiraClient, toJiraError } from './client.js';
export type { JiraConfig, JiraConfigInput, TicketKind } from './config.js';
export { defaultIssueTypes, jiraConfigSchema, ticketKinds } from './config.js';
export { issuesJql, jqlDate } from './jql.js';
export type { JiraIssue } from './normalise.js';
export { issueToDraft, latestApproval, parseIssue } from './normalise.js';
export type { IssuesCursor } from './streams/issues.js';
export { issuesStream } from './streams/issues.js';
export type { JiraWebhookRequest, JiraWebhookResult } from './webhook.js';
export { jiraWebhookToRecords, verifyJiraWebhook } from './webhook.js';
export { jiraWebhookSource } from './webhook-source.js';
