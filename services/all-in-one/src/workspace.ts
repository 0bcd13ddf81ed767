import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, loadWorkspaceConfig, type WorkspaceConfig } from '@aims/config';
import type { AnyConnector } from '@aims/pipeline';

/**
 * Reads the workspace config and makes the local-folder roots absolute, relative to the config
 * file's directory (so `path: evidence` means the folder next to aims.yaml, wherever we run from).
 */
export async function loadWorkspace(
  configFile: string,
  connectors: ReadonlyMap<string, AnyConnector>,
): Promise<WorkspaceConfig> {
  const config = await loadWorkspaceConfig(configFile);
  const base = dirname(resolve(configFile));
  config.connectors.forEach((instance, index) => {
    if (instance.enabled && !connectors.has(instance.connector)) {
      throw new ConfigError('config_invalid', configFile, [
        {
          path: `connectors.${index}.connector`,
          message: `unknown connector '${instance.connector}'; known: ${[...connectors.keys()].sort().join(', ')}`,
        },
      ]);
    }
    if (instance.connector !== 'local-folder' || !Array.isArray(instance.config.roots)) return;
    instance.config.roots = instance.config.roots.map((root: unknown) => {
      if (typeof root !== 'object' || root === null) return root;
      const path = (root as { path?: unknown }).path;
      return typeof path === 'string' && !isAbsolute(path) ? { ...root, path: resolve(base, path) } : root;
    });
  });
  return config;
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
