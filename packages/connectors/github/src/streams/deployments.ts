import { cursor, defineStream, upsert } from '@aims/connector-sdk';
import { z } from 'zod';
import { call, type GithubClient } from '../client.js';
import type { GithubConfig } from '../config.js';
import { deploymentDraft } from '../normalise.js';
import { deploymentPayload, deploymentStatusPayload, parsePayload } from '../payloads.js';
import { type GithubSlice, isRepoSlice, repoOf } from './types.js';

/** Snapshot stream: nothing to remember between runs (the ETag cache makes repeats cheap). */
const emptyCursor = z.object({});

/** The latest deployments with their current state (latest status). */
export const deploymentsStream = defineStream<
  GithubConfig,
  GithubClient,
  GithubSlice,
  z.infer<typeof emptyCursor>
>({
  name: 'deployments',
  kinds: ['deployment.record'],
  cursor: emptyCursor,
  appliesTo: isRepoSlice,
  async *read(ctx) {
    const repo = repoOf(ctx);
    const { octokit } = ctx.client;
    const params = { owner: repo.owner.login, repo: repo.name };
    const list = await call(ctx.client, `listing deployments of ${repo.full_name}`, () =>
      octokit.rest.repos.listDeployments({ ...params, per_page: ctx.config.deployments.maxPerRepo }),
    );
    for (const item of list.data) {
      const deployment = parsePayload(deploymentPayload, item, `deployment of ${repo.full_name}`);
      const statuses = await call(
        ctx.client,
        `reading the status of deployment ${deployment.id} of ${repo.full_name}`,
        () =>
          octokit.rest.repos.listDeploymentStatuses({
            ...params,
            deployment_id: deployment.id,
            per_page: 1,
          }),
      );
      const latest =
        statuses.data[0] === undefined
          ? undefined
          : parsePayload(deploymentStatusPayload, statuses.data[0], 'deployment status');
      yield upsert(deploymentDraft(repo.full_name, deployment, latest));
    }
    yield cursor({});
  },
});
