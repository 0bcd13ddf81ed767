import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LibraryError } from '../errors.js';
import { loadLibrary } from './load.js';
import type { ControlLibrary } from './model.js';
import { applyOverlays, type LibraryOverlay, loadOverlay } from './overlay.js';

/** contracts/controls/iso42001-2023.yaml of this repository (same depth from src/ and dist/). */
export const DEFAULT_LIBRARY_PATH = fileURLToPath(
  new URL('../../../../contracts/controls/iso42001-2023.yaml', import.meta.url),
);

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const problem = `cannot read file: ${error instanceof Error ? error.message : String(error)}`;
    throw new LibraryError([{ file, line: 1, column: 1, path: '', problem }], { cause: error });
  }
}

export async function readLibraryFile(file: string = DEFAULT_LIBRARY_PATH): Promise<ControlLibrary> {
  return loadLibrary(await readText(file), file);
}

export async function readOverlayFile(file: string): Promise<LibraryOverlay> {
  return loadOverlay(await readText(file), file);
}

/** Reads a library (the bundled ISO 42001 one by default) and merges the overlay files in order. */
export async function readLibraryWithOverlays(
  options: { library?: string; overlays?: readonly string[] } = {},
): Promise<ControlLibrary> {
  const library = await readLibraryFile(options.library ?? DEFAULT_LIBRARY_PATH);
  const overlays = await Promise.all((options.overlays ?? []).map((file) => readOverlayFile(file)));
  return overlays.length === 0 ? library : applyOverlays(library, overlays);
}
