import { cursor, defineStream, tombstone, upsert } from '@aims/connector-sdk';
import { call, type GithubClient } from '../client.js';
import type { GithubConfig } from '../config.js';
import { ids, teamDraft } from '../normalise.js';
import { parsePayload, teamPayload } from '../payloads.js';
import { type GithubSlice, isOrgSlice, type KnownCursor, knownCursor } from './types.js';

/** Organisation teams with their members; a deleted team becomes a tombstone. */
export const teamsStream = defineStream<GithubConfig, GithubClient, GithubSlice, KnownCursor>({
  name: 'teams',
  kinds: ['org.team'],
  completeListing: true,
  cursor: knownCursor,
  appliesTo: isOrgSlice,
  async *read(ctx, state) {
    const org = ctx.config.org;
    const { octokit } = ctx.client;
    const teams = await call(ctx.client, `listing teams of ${org}`, () =>
      octokit.paginate(octokit.rest.teams.list, { org, per_page: 100 }),
    );
    const now = new Set<string>();
    for (const item of teams) {
      const team = parsePayload(teamPayload, item, `team of ${org}`);
      const members = await call(ctx.client, `listing members of team ${org}/${team.slug}`, () =>
        octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: team.slug, per_page: 100 }),
      );
      now.add(ids.team(org, team.slug));
      yield upsert(
        teamDraft(
          org,
          team,
          members.map((m) => m.login),
        ),
      );
    }
    for (const gone of state?.known ?? []) if (!now.has(gone)) yield tombstone(gone, { kind: 'org.team' });
    yield cursor({ known: [...now].sort() });
  },
});
