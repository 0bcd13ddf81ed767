import {
  ConnectorError,
  cursor,
  defineStream,
  type PathRule,
  skipped,
  toConnectorError,
  tombstone,
  upsert,
} from '@aims/connector-sdk';
import { z } from 'zod';
import type { FolderClient } from '../client.js';
import type { LocalFolderConfig, RootConfig } from '../config.js';
import { fileExternalId, fingerprint, normaliseFile } from '../normalise.js';

export interface RootSlice {
  root: RootConfig;
  rootId: string;
}

/** Relative path -> fingerprint of every file emitted as evidence. */
export const documentsCursor = z.object({ files: z.record(z.string(), z.string()) });
export type DocumentsCursor = z.infer<typeof documentsCursor>;

/** How many changed files between cursor snapshots (a snapshot copies the whole map). */
const CURSOR_EVERY = 25;

/**
 * Emits documents whose content (or sidecar) changed since the cursor and tombstones for files
 * that are gone. Unreadable or malformed files are recorded as gaps and retried next run.
 */
export const documentsStream = defineStream<LocalFolderConfig, FolderClient, RootSlice, DocumentsCursor>({
  name: 'documents',
  kinds: ['policy.document', 'procedure.document', 'record.document', 'ml.model-card', 'ml.dataset'],
  completeListing: true,
  cursor: documentsCursor,
  async *read(ctx, state) {
    const { root, rootId } = ctx.slice.params;
    const rules = ctx.config.mappings as PathRule[];
    const files: Record<string, string> = { ...(state?.files ?? {}) };
    const seen = new Set<string>();
    let changed = 0;
    for (const relPath of await ctx.client.list(root)) {
      seen.add(relPath);
      try {
        const size = await ctx.client.size(root, relPath);
        if (size > ctx.config.maxFileBytes) {
          throw new ConnectorError(
            'malformed_payload',
            `${relPath} is ${size} bytes, over the ${ctx.config.maxFileBytes}-byte limit`,
          );
        }
        const bytes = await ctx.client.read(root, relPath);
        const sidecar = await ctx.client.readSidecar(root, relPath);
        const print = fingerprint(bytes, sidecar);
        if (files[relPath] === print) continue;
        const draft = normaliseFile({
          rootId,
          rootPath: root.path,
          relPath,
          bytes,
          rules,
          ...(sidecar === undefined ? {} : { sidecar }),
        });
        if (draft === undefined) {
          // No longer evidence (its kind was removed): the artifact is gone.
          if (files[relPath] !== undefined) yield tombstone(fileExternalId(rootId, relPath));
          delete files[relPath];
          continue;
        }
        yield upsert(draft);
        files[relPath] = print;
        changed += 1;
        if (changed % CURSOR_EVERY === 0) yield cursor({ files });
      } catch (error) {
        const failure = toConnectorError(error);
        if (failure.retriable) throw failure;
        // Read again next run (even if the bytes come back as they were before it broke).
        delete files[relPath];
        const message = failure.message.replaceAll(root.path, rootId);
        yield skipped(
          new ConnectorError(failure.code, message.includes(relPath) ? message : `${relPath}: ${message}`, {
            cause: failure,
            ...(failure.context ? { context: failure.context } : {}),
          }),
          { externalId: fileExternalId(rootId, relPath), path: relPath },
        );
      }
    }
    for (const relPath of Object.keys(files)) {
      if (seen.has(relPath)) continue;
      yield tombstone(fileExternalId(rootId, relPath));
      delete files[relPath];
    }
    yield cursor({ files });
  },
});
