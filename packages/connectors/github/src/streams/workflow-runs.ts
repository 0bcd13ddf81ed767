import { cursor, defineStream, upsert } from '@aims/connector-sdk';
import type { GithubClient } from '../client.js';
import { githubError } from '../client.js';
import type { GithubConfig } from '../config.js';
import { workflowRunDraft } from '../normalise.js';
import { parsePayload, workflowRunPayload } from '../payloads.js';
import { type GithubSlice, isRepoSlice, repoOf, type SinceCursor, sinceCursor } from './types.js';

const DAY = 86_400_000;

/** Actions workflow runs updated since the cursor, with conclusion and purpose (test, evaluation...). */
export const workflowRunsStream = defineStream<GithubConfig, GithubClient, GithubSlice, SinceCursor>({
  name: 'workflow-runs',
  kinds: ['ci.workflow-run'],
  cursor: sinceCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const { octokit } = ctx.client;
    const settings = ctx.config.workflowRuns;
    const lookback = new Date(ctx.now().getTime() - settings.lookbackDays * DAY).toISOString();
    const since = state?.since && state.since > lookback ? state.since : lookback;
    let newest = state?.since;
    let count = 0;
    const pages = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, {
      owner: repo.owner.login,
      repo: repo.name,
      per_page: 50,
    });
    try {
      outer: for await (const page of pages) {
        for (const item of page.data) {
          const run = parsePayload(workflowRunPayload, item, `workflow run of ${repo.full_name}`);
          // Runs are listed newest-created first; a run older than the window ends the listing.
          if (run.created_at <= lookback || ++count > settings.maxPerRepo) break outer;
          if (run.updated_at <= since) continue;
          if (newest === undefined || run.updated_at > newest) newest = run.updated_at;
          yield upsert(workflowRunDraft(repo.full_name, run, settings.purposes));
        }
      }
    } catch (error) {
      throw githubError(error, ctx.client, `listing workflow runs of ${repo.full_name}`);
    }
    yield cursor(newest === undefined ? {} : { since: newest });
  },
});
