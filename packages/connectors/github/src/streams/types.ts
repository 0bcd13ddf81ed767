import type { StreamContext } from '@aims/connector-sdk';
import { z } from 'zod';
import type { GithubClient } from '../client.js';
import type { GithubConfig } from '../config.js';
import type { RepoPayload } from '../payloads.js';

/** A repository (most streams) or the organisation itself (teams). */
export type GithubSlice = { type: 'repo'; repo: RepoPayload } | { type: 'org'; org: string };
export type GithubStreamContext = StreamContext<GithubConfig, GithubClient, GithubSlice>;

export const isRepoSlice = (slice: { params: GithubSlice }) => slice.params.type === 'repo';
export const isOrgSlice = (slice: { params: GithubSlice }) => slice.params.type === 'org';

export function repoOf(ctx: GithubStreamContext): RepoPayload {
  if (ctx.slice.params.type !== 'repo')
    throw new Error(`stream ${ctx.stream} runs on repository slices only`);
  return ctx.slice.params.repo;
}

/** Cursor of snapshot streams: the external ids emitted last time, to tombstone what disappeared. */
export const knownCursor = z.object({ known: z.array(z.string()) });
export type KnownCursor = z.infer<typeof knownCursor>;

/** Cursor of incremental list streams: the newest `updated_at` already emitted. */
export const sinceCursor = z.object({ since: z.string().optional() });
export type SinceCursor = z.infer<typeof sinceCursor>;
