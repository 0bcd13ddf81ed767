import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { type ConnectorInstanceConfig, loadWorkspaceConfig, type WorkspaceConfig } from '@aims/config';

/** A workspace config with every relative path in it resolved, and the overlays that apply. */
export interface LoadedWorkspace {
  config: WorkspaceConfig;
  /** The folder holding the config file: relative paths in the workspace are relative to it. */
  dir: string;
  /** Control library overlays: the ones given, else every YAML file in `<dir>/overlays`, sorted. */
  overlays: string[];
}

/**
 * Reads a workspace config the way every service and the all-in-one do: relative paths inside it
 * (a local-folder instance's `roots[].path`) become absolute against the config file's folder, so
 * `path: evidence` means the folder next to aims.yaml wherever the process runs; the overlays are
 * `overlays` when given (CONTROL_OVERLAYS), else the YAML files of the workspace's `overlays/`.
 */
export async function loadWorkspace(
  configFile: string,
  options: { overlays?: readonly string[] } = {},
): Promise<LoadedWorkspace> {
  const loaded = await loadWorkspaceConfig(configFile);
  const dir = dirname(resolve(configFile));
  const config = resolveWorkspacePaths(loaded, dir);
  return { config, dir, overlays: await workspaceOverlays(configFile, options.overlays) };
}

/**
 * The control library overlays of the workspace whose config is `configFile`: `given` when it
 * lists any (CONTROL_OVERLAYS), else every YAML file in the `overlays/` folder next to the config.
 * For a service that needs only the overlays: the config file itself need not exist.
 */
export async function workspaceOverlays(configFile: string, given?: readonly string[]): Promise<string[]> {
  if (given && given.length > 0) return [...given];
  return overlayFiles(join(dirname(resolve(configFile)), 'overlays'));
}

/** The config with the relative paths of its connector instances made absolute against `dir` (a copy). */
export function resolveWorkspacePaths(config: WorkspaceConfig, dir: string): WorkspaceConfig {
  return { ...config, connectors: config.connectors.map((instance) => resolveInstancePaths(instance, dir)) };
}

/** Connector config fields that hold file system paths: local-folder's `roots[].path`. */
function resolveInstancePaths(instance: ConnectorInstanceConfig, dir: string): ConnectorInstanceConfig {
  const roots = instance.config.roots;
  if (instance.connector !== 'local-folder' || !Array.isArray(roots)) return instance;
  const resolved = roots.map((root: unknown) => {
    if (typeof root !== 'object' || root === null) return root;
    const path = (root as { path?: unknown }).path;
    return typeof path === 'string' && !isAbsolute(path) ? { ...root, path: resolve(dir, path) } : root;
  });
  return { ...instance, config: { ...instance.config, roots: resolved } };
}

/** Every `*.yaml`/`*.yml` in `dir`, sorted; none when the folder does not exist. */
export async function overlayFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
