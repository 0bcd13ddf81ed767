import {
  ConnectorError,
  cursor,
  defineStream,
  skipped,
  tombstone,
  type UpsertDraft,
  upsert,
} from '@aims/connector-sdk';
import type { GithubClient } from '../client.js';
import { call, optional } from '../client.js';
import type { GithubConfig } from '../config.js';
import { branchProtectionDraft, codeownersDraft, repoSettingsDraft, rulesetDraft } from '../normalise.js';
import { parsePayload, protectionPayload, rulesetPayload, rulesetSummaryPayload } from '../payloads.js';
import { defaultBranchTree, readBlob } from './tree.js';
import { type GithubSlice, isRepoSlice, type KnownCursor, knownCursor, repoOf } from './types.js';

const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** Repository settings, default-branch protection, branch rulesets and CODEOWNERS. */
export const repositoryStream = defineStream<GithubConfig, GithubClient, GithubSlice, KnownCursor>({
  name: 'repository',
  kinds: ['repo.settings', 'repo.branch-protection', 'repo.codeowners'],
  completeListing: true,
  cursor: knownCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const { octokit } = ctx.client;
    const params = { owner: repo.owner.login, repo: repo.name };
    const drafts: UpsertDraft[] = [repoSettingsDraft(repo)];
    const branch = repo.default_branch;
    // Ids we could not re-read this time are kept, not tombstoned.
    const unknown: string[] = [];

    try {
      // The branch (conditional, 304 when unchanged) says whether it is protected; an unprotected
      // branch then costs no 404, which GitHub would count against the rate limit.
      const info = await optional(ctx.client, `reading branch ${repo.full_name}@${branch}`, () =>
        octokit.rest.repos.getBranch({ ...params, branch }),
      );
      const protection =
        info?.data.protected === true
          ? await optional(ctx.client, `reading branch protection of ${repo.full_name}@${branch}`, () =>
              octokit.rest.repos.getBranchProtection({ ...params, branch }),
            )
          : undefined;
      if (protection)
        drafts.push(
          branchProtectionDraft(
            repo,
            branch,
            parsePayload(protectionPayload, protection.data, 'branch protection'),
          ),
        );
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.code !== 'permission_denied') throw error;
      yield skipped(error); // needs Administration: read; recorded as a gap, the rest goes on
      unknown.push(...(state?.known ?? []).filter((id) => id.includes(':branch-protection:')));
    }

    const rulesets = await optional(ctx.client, `listing rulesets of ${repo.full_name}`, () =>
      octokit.paginate(octokit.rest.repos.getRepoRulesets, {
        ...params,
        includes_parents: true,
        per_page: 100,
      }),
    );
    for (const summary of rulesets ?? []) {
      const { id } = parsePayload(rulesetSummaryPayload, summary, `ruleset of ${repo.full_name}`);
      const detail = await call(ctx.client, `reading ruleset ${id} of ${repo.full_name}`, () =>
        octokit.rest.repos.getRepoRuleset({ ...params, ruleset_id: id }),
      );
      const draft = rulesetDraft(
        repo,
        parsePayload(rulesetPayload, detail.data, `ruleset ${id} of ${repo.full_name}`),
      );
      if (draft) drafts.push(draft);
    }

    const tree = await defaultBranchTree(ctx, repo);
    const owners = CODEOWNERS_PATHS.map((p) => tree.tree.find((e) => e.path === p && e.type === 'blob')).find(
      (e) => e !== undefined,
    );
    if (owners) {
      const bytes = await readBlob(ctx, repo, owners.sha, owners.path);
      drafts.push(codeownersDraft(repo, owners.path, new TextDecoder().decode(bytes), owners.sha, bytes));
    }

    for (const draft of drafts) yield upsert(draft);
    const now = new Set([...drafts.map((d) => d.externalId), ...unknown]);
    for (const gone of state?.known ?? []) if (!now.has(gone)) yield tombstone(gone);
    yield cursor({ known: [...now].sort() });
  },
});
