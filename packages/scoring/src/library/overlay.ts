import { LibraryError, type LibraryIssue } from '../errors.js';
import type { LibraryOverlayFile } from '../generated/control-library.js';
import type { Control, ControlLibrary } from './model.js';
import { changeControl } from './overlay-control.js';
import { partOf } from './parts.js';
import { validateOverlayFile } from './schema.js';
import { parseYamlSource, type YamlSource } from './source.js';

/** An organisation's overlay, checked against library-overlay.schema.json; merge it with applyOverlays. */
export interface LibraryOverlay {
  readonly name: string;
  readonly spec: LibraryOverlayFile;
  /** Where the overlay came from, so merge errors can name its lines. */
  readonly source: YamlSource;
}

/** Parses and schema-checks an overlay YAML; throws LibraryError naming file and line. */
export function loadOverlay(text: string, file = '<overlay>'): LibraryOverlay {
  const source = parseYamlSource(text, file);
  const { file: spec, issues } = validateOverlayFile(source);
  if (!spec) throw new LibraryError(issues);
  return { name: spec.overlay, spec, source };
}

/**
 * Merges overlays into a library, in order. Per control an overlay removes requirements (with a
 * justification), replaces them, overrides windows, weights, minimum counts, owners and
 * essential, groups requirements into anyOf alternatives, adds requirements, and marks controls
 * not applicable with their justification. No window may pass the library's floors. Throws
 * LibraryError when an overlay names an unknown control or requirement, or is invalid.
 */
export function applyOverlays(library: ControlLibrary, overlays: readonly LibraryOverlay[]): ControlLibrary {
  const issues: LibraryIssue[] = [];
  let controls = library.controls;
  for (const overlay of overlays) controls = applyOne(library, controls, overlay, issues);
  if (issues.length > 0) throw new LibraryError(issues);
  return {
    ...library,
    controls,
    overlays: [...library.overlays, ...overlays.map((overlay) => overlay.name)],
  };
}

function applyOne(
  library: ControlLibrary,
  controls: readonly Control[],
  overlay: LibraryOverlay,
  issues: LibraryIssue[],
): readonly Control[] {
  const { spec, source } = overlay;
  const ids = library.sources.map((entry) => entry.id);
  if (spec.extends !== undefined && !ids.includes(spec.extends)) {
    issues.push(
      source.issue(
        ['extends'],
        `overlay extends "${spec.extends}" but the library is "${ids.join('" with "')}"`,
      ),
    );
  }
  const known = new Set(controls.map((control) => control.id));
  const parts = new Set(controls.map((control) => control.library));
  for (const controlId of Object.keys(spec.controls)) {
    if (known.has(controlId)) continue;
    const part = partOf(controlId);
    // Name the likely cause: the workspace turned that library off.
    const hint = parts.has(part)
      ? ''
      : part === 'annex-a'
        ? ' (this workspace scores no Annex A controls: libraries.annexA is false)'
        : ' (this workspace scores no clauses: libraries.clauses is false)';
    issues.push(
      source.issue(
        ['controls', controlId],
        `unknown control "${controlId}" in library "${library.id}"${hint}`,
      ),
    );
  }
  return controls.map((control) => {
    const change = spec.controls[control.id];
    return change ? changeControl({ library, control, change, overlay, issues }) : control;
  });
}
