import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LibraryError } from '../errors.js';
import { combineLibraries } from './combine.js';
import { loadLibrary } from './load.js';
import type { ControlLibrary } from './model.js';
import { applyOverlays, type LibraryOverlay, loadOverlay } from './overlay.js';
import { type ManagementReviewCadence, withReviewCadence } from './review-cadence.js';

/** contracts/controls/iso42001-2023.yaml of this repository (same depth from src/ and dist/). */
export const DEFAULT_LIBRARY_PATH = fileURLToPath(
  new URL('../../../../contracts/controls/iso42001-2023.yaml', import.meta.url),
);

/** contracts/controls/iso42001-2023-clauses.yaml: clauses 4 to 10 of the standard. */
export const DEFAULT_CLAUSES_PATH = fileURLToPath(
  new URL('../../../../contracts/controls/iso42001-2023-clauses.yaml', import.meta.url),
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

/** Which libraries a workspace scores (structurally, `@aims/config`'s `libraries`); both by default. */
export interface LibrarySelection {
  readonly annexA?: boolean | undefined;
  readonly clauses?: boolean | undefined;
}

export interface ReadLibraryOptions {
  /** The Annex A library file; default the bundled ISO/IEC 42001 Annex A library. */
  library?: string | undefined;
  /** The clauses library file; default the bundled clauses 4 to 10. */
  clausesLibrary?: string | undefined;
  /** Overlay files merged in order (the Statement of Applicability and other changes). */
  overlays?: readonly string[] | undefined;
  /** The workspace's choice of libraries (config `libraries:`); both are on unless turned off. */
  libraries?: LibrarySelection | undefined;
  /** The workspace's management review cadence (config `managementReview:`): clause 9.3's window. */
  managementReview?: ManagementReviewCadence | undefined;
}

/**
 * The library every service scores a workspace with: the Annex A controls and the clauses 4 to 10
 * (either can be turned off with `libraries`), clause 9.3 at the configured management review
 * cadence, then the overlay files merged in order. Throws
 * LibraryError naming file and line for any problem, and when both libraries are turned off.
 */
export async function readLibraryWithOverlays(options: ReadLibraryOptions = {}): Promise<ControlLibrary> {
  const annexA = options.libraries?.annexA ?? true;
  const clauses = options.libraries?.clauses ?? true;
  const files = [
    ...(annexA ? [options.library ?? DEFAULT_LIBRARY_PATH] : []),
    ...(clauses ? [options.clausesLibrary ?? DEFAULT_CLAUSES_PATH] : []),
  ];
  if (files.length === 0) {
    throw new LibraryError([
      {
        file: '<libraries>',
        line: 1,
        column: 1,
        path: '/libraries',
        problem:
          'both libraries are turned off (libraries.annexA and libraries.clauses are false); turn one on',
      },
    ]);
  }
  const combined = combineLibraries(await Promise.all(files.map((file) => readLibraryFile(file))));
  // The config's cadence first: an overlay file may still change the same window.
  const library = options.managementReview ? withReviewCadence(combined, options.managementReview) : combined;
  const overlays = await Promise.all((options.overlays ?? []).map((file) => readOverlayFile(file)));
  return overlays.length === 0 ? library : applyOverlays(library, overlays);
}
