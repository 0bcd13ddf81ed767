import { defineConnector, type MissingPermission } from '@aims/connector-sdk';
import { createFolderClient, type FolderClient } from './client.js';
import { type LocalFolderConfig, localFolderConfigSchema, rootId } from './config.js';
import { documentsStream, type RootSlice } from './streams/documents.js';

export type { FolderClient } from './client.js';
export { createFolderClient } from './client.js';
export type { LocalFolderConfig, RootConfig } from './config.js';
export { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, localFolderConfigSchema, rootId } from './config.js';
export { fileExternalId, fingerprint, normaliseFile } from './normalise.js';
export type { DocumentsCursor, RootSlice } from './streams/documents.js';
export { documentsStream } from './streams/documents.js';

export const LOCAL_FOLDER_CONNECTOR_VERSION = '0.1.0';

/** Markdown, PDF and YAML documents under configured folders (the embedded default source). */
export const localFolderConnector = defineConnector<LocalFolderConfig, FolderClient, RootSlice>({
  id: 'local-folder',
  version: LOCAL_FOLDER_CONNECTOR_VERSION,
  title: 'Local folder',
  configSchema: localFolderConfigSchema,
  auth: { type: 'none', description: 'Reads the filesystem as the process user', secrets: () => [] },
  createClient: () => createFolderClient(),
  async check(ctx) {
    const missing: MissingPermission[] = [];
    for (const root of ctx.config.roots) {
      const problem = await ctx.client.problem(root);
      if (problem) missing.push({ permission: `read:${root.path}`, reason: problem });
    }
    const result = {
      ok: missing.length === 0,
      missing,
      granted: ctx.config.roots.map((r) => `read:${r.path}`),
    };
    return missing.length === 0
      ? result
      : { ...result, message: `${missing.length} of ${ctx.config.roots.length} folders cannot be read` };
  },
  slices: async (ctx) => {
    const ids = new Set<string>();
    return ctx.config.roots.map((root) => {
      let id = rootId(root);
      for (let n = 2; ids.has(id); n++) id = `${rootId(root)}-${n}`;
      ids.add(id);
      return { id: `root:${id}`, title: root.path, params: { root, rootId: id } };
    });
  },
  streams: [documentsStream],
});
