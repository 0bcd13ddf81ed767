import { ConfigError, type WorkspaceConfig } from '@aims/config';
import type { AnyConnector } from '@aims/harvester';
import { loadWorkspace as loadWorkspaceFiles, overlayFiles } from '@aims/service-kit';

export { overlayFiles };

/**
 * Reads the workspace as every service does (`@aims/service-kit`: local-folder roots resolved
 * against the config file's folder) and refuses an enabled instance of a connector this process
 * does not run, naming the config file and the instance.
 */
export async function loadWorkspace(
  configFile: string,
  connectors: ReadonlyMap<string, AnyConnector>,
  options: { overlays?: readonly string[] } = {},
): Promise<{ config: WorkspaceConfig; overlays: string[] }> {
  const { config, overlays } = await loadWorkspaceFiles(configFile, options);
  config.connectors.forEach((instance, index) => {
    if (instance.enabled && !connectors.has(instance.connector)) {
      throw new ConfigError('config_invalid', configFile, [
        {
          path: `connectors.${index}.connector`,
          message: `unknown connector '${instance.connector}'; known: ${[...connectors.keys()].sort().join(', ')}`,
        },
      ]);
    }
  });
  return { config, overlays };
}
