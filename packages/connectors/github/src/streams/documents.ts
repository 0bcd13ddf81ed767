import {
  ConnectorError,
  cursor,
  defineStream,
  documentDraft,
  type PathRule,
  parseSidecar,
  skipped,
  toConnectorError,
  tombstone,
  upsert,
} from '@aims/connector-sdk';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { GithubClient } from '../client.js';
import type { GithubConfig } from '../config.js';
import { ids } from '../normalise.js';
import { defaultBranchTree, readBlob } from './tree.js';
import { type GithubSlice, isRepoSlice, repoOf } from './types.js';

/** Path -> blob sha (plus the sidecar's) of every document emitted. */
export const documentsCursor = z.object({ files: z.record(z.string(), z.string()) });
export type GithubDocumentsCursor = z.infer<typeof documentsCursor>;

const CURSOR_EVERY = 10;
const SIDECAR = /\.meta\.ya?ml$/;

/** Documents under the configured paths of the default branch, revision = blob sha. */
export const documentsStream = defineStream<GithubConfig, GithubClient, GithubSlice, GithubDocumentsCursor>({
  name: 'documents',
  kinds: ['policy.document', 'procedure.document', 'record.document', 'ml.model-card', 'ml.dataset'],
  completeListing: true,
  cursor: documentsCursor,
  appliesTo: isRepoSlice,
  async *read(ctx, state) {
    const repo = repoOf(ctx);
    const settings = ctx.config.documents;
    const wanted = picomatch(settings.paths, { dot: true });
    const tree = await defaultBranchTree(ctx, repo);
    const blobs = new Map(tree.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e]));
    const files: Record<string, string> = { ...(state?.files ?? {}) };
    const seen = new Set<string>();
    let changed = 0;
    for (const [path, entry] of blobs) {
      if (SIDECAR.test(path) || !wanted(path)) continue;
      seen.add(path);
      const sidecar = blobs.get(`${path}.meta.yaml`) ?? blobs.get(`${path}.meta.yml`);
      const print = sidecar ? `${entry.sha}+${sidecar.sha}` : entry.sha;
      if (files[path] === print) continue;
      try {
        if ((entry.size ?? 0) > settings.maxFileBytes) {
          throw new ConnectorError(
            'malformed_payload',
            `${repo.full_name}/${path} is ${entry.size} bytes, over the limit of ${settings.maxFileBytes}`,
          );
        }
        const bytes = await readBlob(ctx, repo, entry.sha, path);
        const meta = sidecar
          ? parseSidecar(
              new TextDecoder().decode(await readBlob(ctx, repo, sidecar.sha, sidecar.path)),
              `${repo.full_name}/${sidecar.path}`,
            )
          : undefined;
        const draft = documentDraft({
          path,
          externalId: ids.file(repo.full_name, path),
          bytes,
          sourceRevision: entry.sha,
          url: `${repo.html_url}/blob/${repo.default_branch}/${path}`,
          rules: settings.mappings as PathRule[],
          ...(meta ? { sidecar: meta } : {}),
        });
        if (!draft) {
          if (files[path] !== undefined) yield tombstone(ids.file(repo.full_name, path));
          delete files[path];
          continue;
        }
        yield upsert(draft);
        files[path] = print;
        if (++changed % CURSOR_EVERY === 0) yield cursor({ files });
      } catch (error) {
        const failure = toConnectorError(error);
        if (failure.code !== 'malformed_payload') throw failure;
        delete files[path];
        yield skipped(
          new ConnectorError('malformed_payload', `${repo.full_name}/${path}: ${failure.message}`, {
            cause: failure,
            ...(failure.context ? { context: failure.context } : {}),
          }),
          { externalId: ids.file(repo.full_name, path), path },
        );
      }
    }
    for (const path of Object.keys(files)) {
      if (seen.has(path)) continue;
      yield tombstone(ids.file(repo.full_name, path));
      delete files[path];
    }
    yield cursor({ files });
  },
});
