import { type ArtifactKind, isArtifactKind } from '@aims/core';
import { type FreshnessDuration, parseDuration } from '../duration.js';
import type { LibraryIssue } from '../errors.js';
import type { FreshnessWindow, Requirement as RequirementSpec } from '../generated/control-library.js';
import type { Requirement } from './model.js';
import type { PathSegment, YamlSource } from './source.js';

/**
 * Checks what the schema cannot (known kinds, windows and kind-scoped predicates that name one of
 * the requirement's kinds) and applies defaults. Problems are appended to issues.
 */
export function resolveRequirement(
  spec: RequirementSpec,
  path: readonly PathSegment[],
  source: YamlSource,
  origin: string,
  issues: LibraryIssue[],
): Requirement {
  const kinds: ArtifactKind[] = [];
  spec.kinds.forEach((kind, i) => {
    if (isArtifactKind(kind)) kinds.push(kind);
    else issues.push(source.issue([...path, 'kinds', i], `unknown artifact kind "${kind}"`));
  });
  const selected = new Set<string>(spec.kinds);
  (spec.where ?? []).forEach((predicate, i) => {
    if (predicate.kind !== undefined && !selected.has(predicate.kind)) {
      issues.push(
        source.issue(
          [...path, 'where', i, 'kind'],
          `predicate is scoped to kind "${predicate.kind}", which requirement "${spec.id}" does not select`,
        ),
      );
    }
  });
  const freshness = resolveWindows(spec.freshness ?? {}, selected, [...path, 'freshness'], source, issues);
  return {
    id: spec.id,
    description: spec.description,
    kinds,
    where: spec.where ?? [],
    minCount: spec.minCount ?? 1,
    freshness,
    weight: spec.weight ?? 1,
    ownerRole: spec.ownerRole,
    origin,
  };
}

/** Parses a freshness map whose keys must be among the selected kinds. */
export function resolveWindows(
  windows: Readonly<Record<string, FreshnessWindow>>,
  selected: ReadonlySet<string>,
  path: readonly PathSegment[],
  source: YamlSource,
  issues: LibraryIssue[],
): Partial<Record<ArtifactKind, FreshnessDuration>> {
  const resolved: Partial<Record<ArtifactKind, FreshnessDuration>> = {};
  for (const [kind, window] of Object.entries(windows)) {
    if (window === undefined) continue;
    const at = [...path, kind];
    if (!isArtifactKind(kind)) {
      issues.push(source.issue(at, `unknown artifact kind "${kind}"`));
      continue;
    }
    if (!selected.has(kind)) {
      issues.push(
        source.issue(at, `freshness window for kind "${kind}", which the requirement does not select`),
      );
      continue;
    }
    const duration = parseDuration(window);
    if (!duration) {
      issues.push(source.issue(at, `"${window}" is not a positive ISO 8601 duration or number of days`));
      continue;
    }
    resolved[kind] = duration;
  }
  return resolved;
}
