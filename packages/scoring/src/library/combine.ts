import { LibraryError, type LibraryIssue } from '../errors.js';
import type { ControlLibrary } from './model.js';

/**
 * One library made of several loaded ones (the Annex A controls and the clauses 4 to 10): their
 * objectives and controls in order, identified by the first one's id and version, each kept in
 * `sources`. Every control keeps its own floors. Throws LibraryError when two of them define the
 * same objective or control id, naming the second file's library.
 */
export function combineLibraries(libraries: readonly ControlLibrary[]): ControlLibrary {
  const [first, ...rest] = libraries;
  if (!first) throw new Error('combineLibraries needs at least one library');
  if (rest.length === 0) return first;
  const issues: LibraryIssue[] = [];
  const objectiveIds = new Set(first.objectives.map((objective) => objective.id));
  const controlIds = new Set(first.controls.map((control) => control.id));
  for (const library of rest) {
    for (const objective of library.objectives) {
      if (objectiveIds.has(objective.id)) issues.push(clash(library, `objective "${objective.id}"`));
      objectiveIds.add(objective.id);
    }
    for (const control of library.controls) {
      if (controlIds.has(control.id)) issues.push(clash(library, `control "${control.id}"`));
      controlIds.add(control.id);
    }
  }
  if (issues.length > 0) throw new LibraryError(issues);
  return {
    ...first,
    sources: libraries.flatMap((library) => library.sources),
    objectives: libraries.flatMap((library) => library.objectives),
    controls: libraries.flatMap((library) => library.controls),
    overlays: libraries.flatMap((library) => library.overlays),
  };
}

function clash(library: ControlLibrary, what: string): LibraryIssue {
  return {
    file: library.id,
    line: 1,
    column: 1,
    path: '',
    problem: `${what} of library "${library.id}" is already defined by another library loaded with it`,
  };
}
