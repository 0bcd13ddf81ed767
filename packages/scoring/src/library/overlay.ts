import { LibraryError, type LibraryIssue } from '../errors.js';
import type { LibraryOverlayFile } from '../generated/control-library.js';
import type { Control, ControlLibrary, Requirement } from './model.js';
import { resolveRequirement, resolveWindows } from './requirement.js';
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
 * Merges overlays into a library, in order: adds requirements, changes freshness windows, weights,
 * minimum counts and owner roles, and marks controls not applicable with their justification.
 * Throws LibraryError when an overlay names an unknown control or requirement, or is invalid.
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
  if (spec.extends !== undefined && spec.extends !== library.id) {
    issues.push(
      source.issue(['extends'], `overlay extends "${spec.extends}" but the library is "${library.id}"`),
    );
  }
  const known = new Set(controls.map((control) => control.id));
  for (const controlId of Object.keys(spec.controls)) {
    if (!known.has(controlId)) {
      issues.push(
        source.issue(['controls', controlId], `unknown control "${controlId}" in library "${library.id}"`),
      );
    }
  }
  return controls.map((control) => {
    const change = spec.controls[control.id];
    if (!change) return control;
    const path = ['controls', control.id];
    const byId = new Map(control.requirements.map((requirement) => [requirement.id, requirement]));
    let requirements: Requirement[] = control.requirements.map((requirement) => {
      const override = change.requirements?.[requirement.id];
      if (!override) return requirement;
      const at = [...path, 'requirements', requirement.id];
      const windows = resolveWindows(
        override.freshness ?? {},
        new Set(requirement.kinds),
        [...at, 'freshness'],
        source,
        issues,
      );
      return {
        ...requirement,
        freshness: { ...requirement.freshness, ...windows },
        weight: override.weight ?? requirement.weight,
        minCount: override.minCount ?? requirement.minCount,
        ownerRole: override.ownerRole ?? requirement.ownerRole,
      };
    });
    for (const requirementId of Object.keys(change.requirements ?? {})) {
      if (!byId.has(requirementId)) {
        issues.push(
          source.issue(
            [...path, 'requirements', requirementId],
            `control ${control.id} has no requirement "${requirementId}" to override`,
          ),
        );
      }
    }
    (change.addRequirements ?? []).forEach((requirementSpec, i) => {
      const at = [...path, 'addRequirements', i];
      if (byId.has(requirementSpec.id)) {
        issues.push(
          source.issue(
            [...at, 'id'],
            `control ${control.id} already has a requirement "${requirementSpec.id}"`,
          ),
        );
      }
      const added = resolveRequirement(requirementSpec, at, source, overlay.name, issues);
      byId.set(added.id, added);
      requirements = [...requirements, added];
    });
    const notApplicable = change.notApplicable
      ? { justification: change.notApplicable.justification, overlay: overlay.name }
      : control.notApplicable;
    return notApplicable ? { ...control, requirements, notApplicable } : { ...control, requirements };
  });
}
