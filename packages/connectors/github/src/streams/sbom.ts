import { cursor, defineStream, tombstone, upsert } from '@aims/connector-sdk';
import { type GithubClient, optional } from '../client.js';
import type { GithubConfig } from '../config.js';
import { ids, sbomDraft } from '../normalise.js';
import { parsePayload, sbomPayload } from '../payloads.js';
import { type GithubSlice, isRepoSlice, type KnownCursor, knownCursor, repoOf } from './types.js';

/**
 * The repository's software bill of materials from the dependency graph (an SPDX document). A
 * repository without a dependency graph (404) has none; one that had one is tombstoned.
 */
export const sbomStream = defineStream<GithubConfig, GithubClient, GithubSlice, KnownCursor>({
  name: 'sbom',
  kinds: ['repo.sbom'],
  completeListing: true,
  cursor: knownCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const id = ids.sbom(repo.full_name);
    const response = ctx.config.sbom
      ? await optional(ctx.client, `exporting the SBOM of ${repo.full_name}`, () =>
          ctx.client.octokit.rest.dependencyGraph.exportSbom({ owner: repo.owner.login, repo: repo.name }),
        )
      : undefined;
    if (response) {
      yield upsert(sbomDraft(repo, parsePayload(sbomPayload, response.data, `SBOM of ${repo.full_name}`)));
      yield cursor({ known: [id] });
      return;
    }
    if (state?.known.includes(id)) yield tombstone(id, { kind: 'repo.sbom' });
    yield cursor({ known: [] });
  },
});
