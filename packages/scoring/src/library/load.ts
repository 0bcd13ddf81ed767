import { type FreshnessDuration, parseDuration } from '../duration.js';
import { LibraryError, type LibraryIssue } from '../errors.js';
import type { Control, ControlLibrary, Objective, Requirement } from './model.js';
import { CLAUSE_CANNOT_EXCLUDE, partOf } from './parts.js';
import { resolveRequirement } from './requirement.js';
import { validateLibraryFile } from './schema.js';
import { parseYamlSource } from './source.js';

/**
 * Parses and checks a control library YAML. Throws LibraryError (code invalid_library) listing
 * every problem with its file, line and column.
 */
export function loadLibrary(text: string, file = '<library>'): ControlLibrary {
  const source = parseYamlSource(text, file);
  const { file: spec, issues } = validateLibraryFile(source);
  if (!spec) throw new LibraryError(issues);

  const objectives: Objective[] = [];
  const controls: Control[] = [];
  const objectiveIds = new Set<string>();
  const controlIds = new Set<string>();
  const problems: LibraryIssue[] = [];
  let maxWindow: FreshnessDuration | undefined;
  if (spec.maxWindow !== undefined) {
    maxWindow = parseDuration(spec.maxWindow);
    if (!maxWindow) {
      problems.push(
        source.issue(
          ['maxWindow'],
          `"${spec.maxWindow}" is not a positive ISO 8601 duration or number of days`,
        ),
      );
    }
  }
  const floors = maxWindow ? { library: maxWindow } : {};

  spec.objectives.forEach((objectiveSpec, o) => {
    const objectivePath = ['objectives', o];
    if (objectiveIds.has(objectiveSpec.id)) {
      problems.push(source.issue([...objectivePath, 'id'], `duplicate objective id "${objectiveSpec.id}"`));
    }
    objectiveIds.add(objectiveSpec.id);
    const ids: string[] = [];
    objectiveSpec.controls.forEach((controlSpec, c) => {
      const controlPath = [...objectivePath, 'controls', c];
      if (controlIds.has(controlSpec.id)) {
        problems.push(source.issue([...controlPath, 'id'], `duplicate control id "${controlSpec.id}"`));
      }
      if (!controlSpec.id.startsWith(`${objectiveSpec.id}.`)) {
        problems.push(
          source.issue(
            [...controlPath, 'id'],
            `control "${controlSpec.id}" does not belong to objective "${objectiveSpec.id}"`,
          ),
        );
      }
      controlIds.add(controlSpec.id);
      ids.push(controlSpec.id);
      const requirementIds = new Set<string>();
      const requirements: Requirement[] = controlSpec.requirements.map((requirementSpec, r) => {
        const path = [...controlPath, 'requirements', r];
        if (requirementIds.has(requirementSpec.id)) {
          problems.push(
            source.issue(
              [...path, 'id'],
              `duplicate requirement id "${requirementSpec.id}" in control ${controlSpec.id}`,
            ),
          );
        }
        requirementIds.add(requirementSpec.id);
        return resolveRequirement(requirementSpec, path, source, spec.library, problems, floors);
      });
      const library = partOf(controlSpec.id);
      // A clause is part of the management system itself: no Statement of Applicability excludes it.
      const cannotExclude =
        controlSpec.cannotExclude ?? (library === 'clauses' ? CLAUSE_CANNOT_EXCLUDE : undefined);
      controls.push({
        id: controlSpec.id,
        title: controlSpec.title,
        intent: controlSpec.intent,
        objectiveId: objectiveSpec.id,
        library,
        tags: controlSpec.tags,
        requirements,
        ...(cannotExclude === undefined ? {} : { cannotExclude }),
      });
    });
    objectives.push({
      id: objectiveSpec.id,
      title: objectiveSpec.title,
      intent: objectiveSpec.intent,
      library: partOf(objectiveSpec.id),
      controlIds: ids,
    });
  });

  if (problems.length > 0) throw new LibraryError(problems);
  return {
    id: spec.library,
    title: spec.title,
    version: spec.version,
    sources: [{ id: spec.library, title: spec.title, version: spec.version }],
    objectives,
    controls,
    overlays: [],
    ...(maxWindow ? { maxWindow } : {}),
  };
}
