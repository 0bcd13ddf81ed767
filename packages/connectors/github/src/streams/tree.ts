import { call } from '../client.js';
import { blobPayload, parsePayload, type RepoPayload, type TreePayload, treePayload } from '../payloads.js';
import type { GithubStreamContext } from './types.js';

/** The recursive git tree of the default branch, fetched once per run and slice (conditional). */
export function defaultBranchTree(ctx: GithubStreamContext, repo: RepoPayload): Promise<TreePayload> {
  const [owner, name] = [repo.owner.login, repo.name];
  return ctx.client.memo(`tree:${repo.full_name}@${repo.default_branch}`, async () => {
    const response = await call(ctx.client, `reading the tree of ${repo.full_name}`, () =>
      ctx.client.octokit.rest.git.getTree({
        owner,
        repo: name,
        tree_sha: repo.default_branch,
        recursive: '1',
      }),
    );
    const tree = parsePayload(treePayload, response.data, `git tree of ${repo.full_name}`);
    if (tree.truncated)
      ctx.logger.warn(
        { repo: repo.full_name },
        'git tree truncated by GitHub; some documents may be missing',
      );
    return tree;
  });
}

/** Bytes of a blob, once per run (immutable, so the ETag cache answers later runs with 304). */
export function readBlob(
  ctx: GithubStreamContext,
  repo: RepoPayload,
  sha: string,
  path: string,
): Promise<Uint8Array> {
  return ctx.client.memo(`blob:${repo.full_name}:${sha}`, async () => {
    const response = await call(ctx.client, `reading ${path} in ${repo.full_name}`, () =>
      ctx.client.octokit.rest.git.getBlob({ owner: repo.owner.login, repo: repo.name, file_sha: sha }),
    );
    const blob = parsePayload(blobPayload, response.data, `blob ${path} of ${repo.full_name}`);
    if (blob.encoding !== 'base64') return new TextEncoder().encode(blob.content);
    return new Uint8Array(Buffer.from(blob.content, 'base64'));
  });
}
