import { join } from 'node:path';
import type { WriteBundleResult } from '@aims/bundle';
import type { ExportRequestInput } from '@aims/export';
import type { OpenedWorkspace } from '../source/workspace.js';
import { withCatalogue } from '../source/workspace.js';
import { CLI_VERSION } from '../version.js';
import { type WrittenFile, writeHashed } from './write-file.js';

export interface LocalExport {
  file: WrittenFile;
  asOf: string;
  bundle: WriteBundleResult;
  versions: number;
  controls: number;
  gaps: number;
}

/**
 * Builds the auditor bundle of the workspace at `request.asOf` straight from the data folder (no
 * queue): the request is checked as the API checks it, the bundle input collected from the
 * catalogue, and the ZIP streamed to `out` with the evidence bytes from the folder blob store.
 */
export async function exportLocally(options: {
  workspace: Pick<OpenedWorkspace, 'config' | 'library' | 'paths'>;
  cwd: string;
  request: ExportRequestInput;
  /** The file to write, given the bag's name (it may refuse, e.g. when the file exists). */
  out: (bagName: string) => { path: string; shown: string };
  signingKey?: string | undefined;
}): Promise<LocalExport> {
  const [
    { checkExportRequest, collectBundleInput },
    { bagName, contentFromBlobStore, writeBundle },
    { FolderBlobStore },
  ] = await Promise.all([import('@aims/export'), import('@aims/bundle'), import('@aims/blobs')]);
  const { config, library, paths } = options.workspace;
  return withCatalogue(paths.dataDir, options.cwd, async (catalogue) => {
    const request = await checkExportRequest(options.request, {
      catalogue,
      library,
      workspace: config.workspace,
      knownAiSystems: async () =>
        new Set([
          ...config.aiSystems.map((system) => system.id),
          ...(await catalogue.listAiSystemSummaries(config.workspace)).map((summary) => summary.id),
        ]),
      now: new Date(),
    });
    const input = await collectBundleInput(
      {
        catalogue,
        library,
        workspace: config.workspace,
        organisation: config.organisation ?? config.workspace,
        toolVersion: `aims-evidence-mesh ${CLI_VERSION}`,
        inventory: config.aiSystems,
      },
      request,
    );
    const target = options.out(bagName(config.workspace, request.asOf));
    const blobs = new FolderBlobStore({ root: join(paths.dataDir, 'blobs') });
    const { file, result } = await writeHashed(target.path, target.shown, (output) =>
      writeBundle(input, output, {
        openContent: contentFromBlobStore(blobs),
        ...(options.signingKey ? { signingKey: options.signingKey } : {}),
      }),
    );
    return {
      file,
      asOf: request.asOf,
      bundle: result,
      versions: input.versions.length,
      controls: input.controls.length,
      gaps: input.gaps.length,
    };
  });
}
