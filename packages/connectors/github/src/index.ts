import { defineConnector, type MissingPermission, type Slice } from '@aims/connector-sdk';
import { createGithubClient, type GithubClient, githubError } from './client.js';
import { type GithubConfig, githubConfigSchema } from './config.js';
import { parsePayload, repoPayload } from './payloads.js';
import { deploymentsStream } from './streams/deployments.js';
import { documentsStream } from './streams/documents.js';
import { pullRequestsStream } from './streams/pull-requests.js';
import { releasesStream } from './streams/releases.js';
import { repositoryStream } from './streams/repository.js';
import { sbomStream } from './streams/sbom.js';
import { teamsStream } from './streams/teams.js';
import type { GithubSlice } from './streams/types.js';
import { workflowRunsStream } from './streams/workflow-runs.js';
import { GITHUB_CONNECTOR_VERSION } from './version.js';

export type { GithubClient, GithubClientOptions } from './client.js';
export { createGithubClient, githubError } from './client.js';
export type { GithubConfig, GithubConfigInput, WorkflowPurpose } from './config.js';
export { DEFAULT_DOCUMENT_PATHS, DEFAULT_WORKFLOW_PURPOSES, githubConfigSchema } from './config.js';
export * from './normalise.js';
export type { GithubSlice } from './streams/types.js';
export { githubWebhookSource } from './webhook-source.js';
export type { GithubWebhookEvent, GithubWebhookResult, RefreshRequest } from './webhooks.js';
export { GITHUB_WEBHOOK_EVENTS, githubWebhookToRecords, verifyGithubWebhook } from './webhooks.js';
export { GITHUB_CONNECTOR_VERSION };

export interface GithubConnectorOptions {
  /** Multiplier of retry / rate-limit waits in ms (tests shorten it). Default 1000. */
  retryAfterBaseMs?: number;
  maxRateLimitWaitSeconds?: number;
}

/** Builds the GitHub connector descriptor (`githubConnector` is the default instance). */
export function createGithubConnector(options: GithubConnectorOptions = {}) {
  return defineConnector<GithubConfig, GithubClient, GithubSlice>({
    id: 'github',
    version: GITHUB_CONNECTOR_VERSION,
    title: 'GitHub',
    configSchema: githubConfigSchema,
    auth: {
      type: 'token',
      description: 'Fine-grained personal access token or GitHub App installation token',
      secrets: (c) => [c.token, c.webhookSecret],
    },
    createClient: (ctx) =>
      createGithubClient({
        token: ctx.config.token,
        baseUrl: ctx.config.baseUrl,
        instance: ctx.instance,
        etagCache: ctx.etagCache,
        metrics: ctx.metrics,
        logger: ctx.logger,
        ...(options.retryAfterBaseMs === undefined ? {} : { retryAfterBaseMs: options.retryAfterBaseMs }),
        ...(options.maxRateLimitWaitSeconds === undefined
          ? {}
          : { maxRateLimitWaitSeconds: options.maxRateLimitWaitSeconds }),
      }),
    async check(ctx) {
      const { octokit } = ctx.client;
      const org = ctx.config.org;
      const missing: MissingPermission[] = [];
      const granted: string[] = [];
      const probe = async (permission: string, what: string, run: () => Promise<unknown>) => {
        try {
          await run();
          granted.push(permission);
        } catch (error) {
          const failure = githubError(error, ctx.client, what);
          if (failure.code === 'auth_failed') throw failure;
          missing.push({ permission, reason: failure.message });
        }
      };
      let repo: { owner: string; name: string; branch: string } | undefined;
      await probe('metadata:read', `listing repositories of ${org}`, async () => {
        const res = await octokit.rest.repos.listForOrg({ org, per_page: 1 });
        const first = res.data[0];
        if (first)
          repo = { owner: first.owner.login, name: first.name, branch: first.default_branch ?? 'main' };
      });
      if (repo) {
        const r = repo;
        await probe('contents:read', `reading the tree of ${r.owner}/${r.name}`, () =>
          octokit.rest.git.getTree({ owner: r.owner, repo: r.name, tree_sha: r.branch }),
        );
        await probe('pull_requests:read', `listing pull requests of ${r.owner}/${r.name}`, () =>
          octokit.rest.pulls.list({ owner: r.owner, repo: r.name, per_page: 1 }),
        );
        await probe('actions:read', `listing workflow runs of ${r.owner}/${r.name}`, () =>
          octokit.rest.actions.listWorkflowRunsForRepo({ owner: r.owner, repo: r.name, per_page: 1 }),
        );
        await probe('administration:read', `reading branch protection of ${r.owner}/${r.name}`, async () => {
          try {
            await octokit.rest.repos.getBranchProtection({ owner: r.owner, repo: r.name, branch: r.branch });
          } catch (error) {
            if ((error as { status?: number }).status !== 404) throw error; // 404: unprotected, but readable
          }
        });
        await probe('deployments:read', `listing deployments of ${r.owner}/${r.name}`, () =>
          octokit.rest.repos.listDeployments({ owner: r.owner, repo: r.name, per_page: 1 }),
        );
      }
      if (ctx.config.teams) {
        await probe('members:read', `listing teams of ${org}`, () =>
          octokit.rest.teams.list({ org, per_page: 1 }),
        );
      }
      const result = { ok: missing.length === 0, granted, missing };
      return missing.length === 0
        ? result
        : { ...result, message: `the token lacks ${missing.map((m) => m.permission).join(', ')}` };
    },
    async slices(ctx) {
      const { octokit } = ctx.client;
      const org = ctx.config.org;
      let items: unknown[];
      try {
        items = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
      } catch (error) {
        throw githubError(error, ctx.client, `listing repositories of ${org}`);
      }
      const only = ctx.config.repositories
        ? new Set(ctx.config.repositories.map((r) => r.toLowerCase()))
        : undefined;
      const slices: Array<Slice<GithubSlice>> = [];
      if (ctx.config.teams) slices.push({ id: `org:${org}`, title: org, params: { type: 'org', org } });
      for (const item of items) {
        const repo = parsePayload(repoPayload, item, `repository of ${org}`);
        if (only && !only.has(repo.name.toLowerCase())) continue;
        if (repo.archived && !ctx.config.includeArchived) continue;
        slices.push({ id: `repo:${repo.full_name}`, title: repo.full_name, params: { type: 'repo', repo } });
      }
      return slices;
    },
    streams: [
      repositoryStream,
      documentsStream,
      pullRequestsStream,
      workflowRunsStream,
      releasesStream,
      deploymentsStream,
      sbomStream,
      teamsStream,
    ],
  });
}

export const githubConnector = createGithubConnector();
