import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalogue } from '@aims/catalogue';
import type { WorkspaceConfig } from '@aims/config';
import type { ControlLibrary } from '@aims/scoring';
import { CliError, fileError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { shown } from '../paths.js';
import type { WorkspacePaths } from './options.js';

/** The connectors the all-in-one runs, by id (its registry's own type). */
export type ConnectorRegistry = typeof import('@aims/connector-registry')['connectorRegistry'];

/** A workspace as every service reads it. */
export interface OpenedWorkspace {
  paths: WorkspacePaths;
  /** The config, local-folder roots made absolute against the config file's folder. */
  config: WorkspaceConfig;
  /** The overlay files beside the config (overlays/*.yaml), sorted. */
  overlays: readonly string[];
  /**
   * The ISO/IEC 42001 libraries the config turns on (Annex A and the clauses 4 to 10) with those
   * overlays (the workspace's Statement of Applicability).
   */
  library: ControlLibrary;
}

/**
 * Reads the workspace the way every service and the all-in-one do (`@aims/service-kit`): the
 * config with its relative folder roots resolved against the config file's folder, and the
 * library with the overlays beside it merged, as the scorer reads it.
 */
export async function openWorkspace(paths: WorkspacePaths, cwd: string): Promise<OpenedWorkspace> {
  if (!existsSync(paths.configFile))
    throw new CliError(
      'no_workspace',
      `no workspace config at ${shown(cwd, paths.configFile)}; pass --workspace DIR (a folder with aims.yaml) or --config FILE`,
      EXIT.input,
    );
  const [{ loadWorkspace }, { readLibraryWithOverlays }] = await Promise.all([
    import('@aims/service-kit'),
    import('@aims/scoring'),
  ]);
  const { config, overlays } = await loadWorkspace(paths.configFile);
  const library = await readLibraryWithOverlays({
    overlays,
    libraries: config.libraries,
    managementReview: config.managementReview,
  });
  return { paths, config, overlays, library };
}

/**
 * The connectors the all-in-one runs (its registry, until the shared registry package comes),
 * imported when a command runs one, so the other commands start quickly.
 */
export async function loadConnectors(): Promise<ConnectorRegistry> {
  return (await import('@aims/connector-registry')).connectorRegistry;
}

/** The SQLite catalogue of the data folder; `create` makes the folder and an empty catalogue. */
export async function openCatalogue(
  dataDir: string,
  cwd: string,
  options: { create?: boolean } = {},
): Promise<Catalogue> {
  const file = join(dataDir, 'catalogue.sqlite');
  if (options.create) {
    try {
      await mkdir(dataDir, { recursive: true });
    } catch (error) {
      throw fileError('create the data folder', shown(cwd, dataDir), error);
    }
  } else if (!existsSync(file)) {
    throw new CliError(
      'no_catalogue',
      `no catalogue in ${shown(cwd, dataDir)} yet: run \`aims harvest\` first, or pass --data DIR or --api URL`,
      EXIT.input,
    );
  }
  const { createSqliteCatalogue } = await import('@aims/catalogue');
  const catalogue = createSqliteCatalogue({ filename: file });
  try {
    await catalogue.migrate();
  } catch (error) {
    // The migration's error is the one to report; a failure to close after it adds nothing.
    await catalogue.close().catch(() => undefined);
    throw new CliError(
      'catalogue_unusable',
      `cannot open the catalogue ${shown(cwd, file)}`,
      EXIT.input,
      error,
    );
  }
  return catalogue;
}

/** Runs `work` with the workspace's catalogue open, and closes it whatever happens. */
export async function withCatalogue<T>(
  dataDir: string,
  cwd: string,
  work: (catalogue: Catalogue) => Promise<T>,
): Promise<T> {
  const catalogue = await openCatalogue(dataDir, cwd);
  try {
    return await work(catalogue);
  } finally {
    await catalogue.close();
  }
}
