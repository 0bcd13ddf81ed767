import { cursor, defineStream, upsert } from '@aims/connector-sdk';
import picomatch from 'picomatch';
import { call, type GithubClient, githubError } from '../client.js';
import type { GithubConfig } from '../config.js';
import { pullRequestDraft } from '../normalise.js';
import { parsePayload, pullFilePayload, pullPayload, reviewPayload } from '../payloads.js';
import { type GithubSlice, isRepoSlice, repoOf, type SinceCursor, sinceCursor } from './types.js';

const DAY = 86_400_000;

/**
 * Pull requests updated since the cursor (newest first, stopping at the first older one), with
 * changed paths (and which are documents), reviews and linked issues. Every pull request by
 * default; with onlyDocumentChanges only those that touched document paths.
 */
export const pullRequestsStream = defineStream<GithubConfig, GithubClient, GithubSlice, SinceCursor>({
  name: 'pull-requests',
  kinds: ['code.review'],
  cursor: sinceCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const { octokit } = ctx.client;
    const settings = ctx.config.pullRequests;
    const params = { owner: repo.owner.login, repo: repo.name };
    const lookback = new Date(ctx.now().getTime() - settings.lookbackDays * DAY).toISOString();
    const since = state?.since && state.since > lookback ? state.since : lookback;
    const isDocument = picomatch(ctx.config.documents.paths, { dot: true });
    let newest = state?.since;
    let count = 0;
    const pages = octokit.paginate.iterator(octokit.rest.pulls.list, {
      ...params,
      state: 'all',
      sort: 'updated',
      direction: 'desc',
      per_page: 50,
    });
    try {
      outer: for await (const page of pages) {
        for (const item of page.data) {
          const pr = parsePayload(pullPayload, item, `pull request of ${repo.full_name}`);
          if (pr.updated_at <= since || ++count > settings.maxPerRepo) break outer;
          if (newest === undefined || pr.updated_at > newest) newest = pr.updated_at;
          const files = (
            await call(ctx.client, `listing files of ${repo.full_name}#${pr.number}`, () =>
              octokit.paginate(octokit.rest.pulls.listFiles, {
                ...params,
                pull_number: pr.number,
                per_page: 100,
              }),
            )
          ).map((f) => parsePayload(pullFilePayload, f, `file of ${repo.full_name}#${pr.number}`));
          if (
            settings.onlyDocumentChanges &&
            !files.some(
              (f) => isDocument(f.filename) || (f.previous_filename && isDocument(f.previous_filename)),
            )
          ) {
            continue;
          }
          const reviews = (
            await call(ctx.client, `listing reviews of ${repo.full_name}#${pr.number}`, () =>
              octokit.paginate(octokit.rest.pulls.listReviews, {
                ...params,
                pull_number: pr.number,
                per_page: 100,
              }),
            )
          ).map((r) => parsePayload(reviewPayload, r, `review of ${repo.full_name}#${pr.number}`));
          yield upsert(
            pullRequestDraft(repo.full_name, pr, files, reviews, {
              isDocument,
              issueKeys: settings.issueKeys,
            }),
          );
        }
      }
    } catch (error) {
      throw githubError(error, ctx.client, `listing pull requests of ${repo.full_name}`);
    }
    // Newest-first listing: the cursor moves only once the whole window was read.
    yield cursor(newest === undefined ? {} : { since: newest });
  },
});
