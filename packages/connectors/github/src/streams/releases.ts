import { cursor, defineStream, tombstone, upsert } from '@aims/connector-sdk';
import { call, type GithubClient } from '../client.js';
import type { GithubConfig } from '../config.js';
import { ids, releaseDraft } from '../normalise.js';
import { parsePayload, releasePayload } from '../payloads.js';
import { type GithubSlice, isRepoSlice, type KnownCursor, knownCursor, repoOf } from './types.js';

/** Published releases (drafts skipped); a release deleted on GitHub becomes a tombstone. */
export const releasesStream = defineStream<GithubConfig, GithubClient, GithubSlice, KnownCursor>({
  name: 'releases',
  kinds: ['release.record'],
  completeListing: true,
  cursor: knownCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const { octokit } = ctx.client;
    const items = await call(ctx.client, `listing releases of ${repo.full_name}`, () =>
      octokit.paginate(octokit.rest.repos.listReleases, {
        owner: repo.owner.login,
        repo: repo.name,
        per_page: 100,
      }),
    );
    const now = new Set<string>();
    for (const item of items) {
      const release = parsePayload(releasePayload, item, `release of ${repo.full_name}`);
      if (release.draft) continue;
      now.add(ids.release(repo.full_name, release.id));
      yield upsert(releaseDraft(repo.full_name, release));
    }
    for (const gone of state?.known ?? [])
      if (!now.has(gone)) yield tombstone(gone, { kind: 'release.record' });
    yield cursor({ known: [...now].sort() });
  },
});
