import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** examples/workspace of this repository (the same depth from src/source/ and dist/source/). */
export const EXAMPLE_WORKSPACE = fileURLToPath(new URL('../../../../examples/workspace', import.meta.url));

export interface WorkspaceFlags {
  workspace?: string;
  config?: string;
  data?: string;
}

export interface SourceFlags extends WorkspaceFlags {
  api?: string;
}

/** Where the workspace's files are, every path absolute. */
export interface WorkspacePaths {
  dir: string;
  configFile: string;
  dataDir: string;
}

/** Where the command reads from: the local data folder, or a running API. */
export type Source =
  | { kind: 'embedded'; paths: WorkspacePaths }
  | { kind: 'api'; url: string; apiKey?: string };

const WORKSPACE_HELP =
  'workspace folder (aims.yaml, overlays/); default $AIMS_WORKSPACE, else the current folder when it has aims.yaml, else the example workspace';

/** --workspace and --config: the workspace a command reads its config from. */
export function workspaceOptions(command: Command): Command {
  return command
    .option('--workspace <dir>', WORKSPACE_HELP)
    .option('--config <file>', 'workspace config file; default $AIMS_CONFIG or <workspace>/aims.yaml');
}

/** --workspace and --data: the workspace's data folder. */
export function dataOptions(command: Command): Command {
  return command
    .option('--workspace <dir>', WORKSPACE_HELP)
    .option(
      '--data <dir>',
      'data folder (catalogue.sqlite, blobs/, keys/); default $AIMS_DATA_DIR or <workspace>/.aims',
    );
}

/** --api: a running evidence API instead of the local files. */
export function apiOption(command: Command): Command {
  return command.option(
    '--api <url>',
    'work through the evidence API at this URL instead of the local data (default $AIMS_API_URL); the key comes from $AIMS_API_KEY',
    parseApiUrl,
  );
}

/** --workspace, --config, --data and --api: local data (the default) or a running API. */
export function sourceOptions(command: Command): Command {
  return apiOption(
    workspaceOptions(command).option(
      '--data <dir>',
      'data folder (catalogue.sqlite, blobs/, keys/); default $AIMS_DATA_DIR or <workspace>/.aims',
    ),
  );
}

export function parseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`"${value}" is not an http or https URL`);
  return url.href.replace(/\/+$/, '');
}

/** The workspace folder and its files, from the flags, then the environment, then the defaults. */
export function workspacePaths(flags: WorkspaceFlags, io: CliIo): WorkspacePaths {
  const env = io.env ?? {};
  const chosen = flags.workspace ?? env.AIMS_WORKSPACE;
  const dir =
    chosen !== undefined
      ? resolve(io.cwd, chosen)
      : existsSync(join(io.cwd, 'aims.yaml'))
        ? io.cwd
        : EXAMPLE_WORKSPACE;
  const config = flags.config ?? env.AIMS_CONFIG;
  const data = flags.data ?? env.AIMS_DATA_DIR;
  return {
    dir,
    configFile: config === undefined ? join(dir, 'aims.yaml') : resolve(io.cwd, config),
    dataDir: data === undefined ? join(dir, '.aims') : resolve(io.cwd, data),
  };
}

/** Local data or the API, as the flags and the environment say; both at once is a usage error. */
export function sourceOf(flags: SourceFlags, io: CliIo): Source {
  const env = io.env ?? {};
  if (flags.api !== undefined && (flags.workspace ?? flags.data ?? flags.config) !== undefined)
    throw new CliError(
      'usage',
      '--api reads from a running API; --workspace, --config and --data name local files: give one or the other',
      EXIT.usage,
    );
  const chosen =
    flags.api ?? ((flags.workspace ?? flags.data ?? flags.config) ? undefined : env.AIMS_API_URL);
  if (chosen === undefined) return { kind: 'embedded', paths: workspacePaths(flags, io) };
  let url: string;
  try {
    url = parseApiUrl(chosen);
  } catch (error) {
    throw new CliError('usage', `AIMS_API_URL: ${(error as Error).message}`, EXIT.usage, error);
  }
  const apiKey = env.AIMS_API_KEY;
  return apiKey ? { kind: 'api', url, apiKey } : { kind: 'api', url };
}
