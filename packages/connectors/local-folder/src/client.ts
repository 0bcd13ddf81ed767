import { constants, type Dirent } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConnectorError } from '@aims/connector-sdk';
import picomatch from 'picomatch';
import type { RootConfig } from './config.js';

/** Read access to one configured folder. */
export interface FolderClient {
  /** Relative `/`-separated paths of included regular files, sorted. */
  list(root: RootConfig): Promise<string[]>;
  read(root: RootConfig, relPath: string): Promise<Uint8Array>;
  /** Bytes of `<file>.meta.yaml` (or `.meta.yml`), if present. */
  readSidecar(root: RootConfig, relPath: string): Promise<Uint8Array | undefined>;
  size(root: RootConfig, relPath: string): Promise<number>;
  /** Why a root cannot be read, or undefined when it can. */
  problem(root: RootConfig): Promise<string | undefined>;
}

function fsError(error: unknown, what: string): ConnectorError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ConnectorError('not_found', `${what} does not exist`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM')
    return new ConnectorError('permission_denied', `${what} is not readable`, { cause: error });
  return new ConnectorError('internal', `${what} could not be read: ${(error as Error).message}`, {
    cause: error,
    retriable: true,
  });
}

export function createFolderClient(): FolderClient {
  return {
    async list(root) {
      const include = picomatch(root.include, { dot: false });
      const exclude = picomatch(root.exclude, { dot: true });
      let entries: Dirent[];
      try {
        entries = await readdir(root.path, { recursive: true, withFileTypes: true });
      } catch (error) {
        throw fsError(error, `folder ${root.path}`);
      }
      const files: string[] = [];
      for (const entry of entries) {
        if (!entry.isFile()) continue; // symlinks and special files are not followed
        const rel = relative(root.path, join(entry.parentPath, entry.name)).split(sep).join('/');
        if (include(rel) && !exclude(rel)) files.push(rel);
      }
      return files.sort();
    },
    async read(root, relPath) {
      try {
        return new Uint8Array(await readFile(join(root.path, relPath)));
      } catch (error) {
        throw fsError(error, `file ${relPath} in ${root.path}`);
      }
    },
    async readSidecar(root, relPath) {
      for (const suffix of ['.meta.yaml', '.meta.yml']) {
        try {
          return new Uint8Array(await readFile(join(root.path, relPath + suffix)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            throw fsError(error, `sidecar ${relPath}${suffix}`);
        }
      }
      return undefined;
    },
    async size(root, relPath) {
      return (await stat(join(root.path, relPath))).size;
    },
    async problem(root) {
      try {
        const info = await stat(root.path);
        if (!info.isDirectory()) return `${root.path} is not a directory`;
        await access(root.path, constants.R_OK | constants.X_OK);
        return undefined;
      } catch (error) {
        return fsError(error, `folder ${root.path}`).message;
      }
    },
  };
}
