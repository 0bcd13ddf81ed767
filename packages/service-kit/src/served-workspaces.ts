import { ConfigError, type WorkspaceConfig } from '@aims/config';
import { type ControlLibrary, readLibraryWithOverlays } from '@aims/scoring';
import { loadWorkspace } from './workspace.js';

/** A workspace a multi-workspace service serves: its config, and the library it is scored with. */
export interface ServedWorkspace {
  configFile: string;
  config: WorkspaceConfig;
  /** The libraries the config turns on, with its overlays merged (as the scorer reads them). */
  library: ControlLibrary;
}

/**
 * Reads every workspace config of a list (AIMS_CONFIG of the evidence API and the exporter), each
 * with its own overlays (`overlays`, when given, apply to all) and its own library selection. Two
 * files with the same workspace id are refused, naming both.
 */
export async function loadServedWorkspaces(
  configFiles: readonly string[],
  options: { library?: string | undefined; overlays?: readonly string[] } = {},
): Promise<ServedWorkspace[]> {
  const served: ServedWorkspace[] = [];
  for (const configFile of configFiles) {
    const { config, overlays } = await loadWorkspace(configFile, {
      ...(options.overlays ? { overlays: options.overlays } : {}),
    });
    const twin = served.find((other) => other.config.workspace === config.workspace);
    if (twin) {
      throw new ConfigError('config_invalid', configFile, [
        {
          path: 'workspace',
          message: `workspace '${config.workspace}' is also the workspace of ${twin.configFile}; each file of AIMS_CONFIG must be another workspace`,
        },
      ]);
    }
    const library = await readLibraryWithOverlays({
      ...(options.library ? { library: options.library } : {}),
      overlays,
      libraries: config.libraries,
      managementReview: config.managementReview,
    });
    served.push({ configFile, config, library });
  }
  return served;
}
