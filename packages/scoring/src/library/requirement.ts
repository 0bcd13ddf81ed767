import type { ArtifactKind } from '@aims/core';
import { type FreshnessDuration, parseDuration } from '../duration.js';
import type { LibraryIssue } from '../errors.js';
import type { Requirement as RequirementSpec } from '../generated/control-library.js';
import { exceedsFloor, tighterFloor } from './floor.js';
import type { EvidenceRule, Requirement } from './model.js';
import { type RuleScope, resolveRule, resolveWindow } from './rules.js';
import type { PathSegment, YamlSource } from './source.js';

export { resolveWindows } from './rules.js';

/** The floors a requirement is checked against. */
export interface Floors {
  /** The library's maxWindow. */
  readonly library?: FreshnessDuration;
  /** A tighter floor inherited from the requirement this one replaces. */
  readonly inherited?: { readonly window: FreshnessDuration; readonly by: string };
}

const RULE_KEYS = [
  'kinds',
  'where',
  'minCount',
  'freshness',
  'freshnessFrom',
  'freshUntil',
  'lastReadWithin',
] as const;

function floorOf(
  spec: RequirementSpec,
  path: readonly PathSegment[],
  floors: Floors,
  source: YamlSource,
  issues: LibraryIssue[],
): { own?: FreshnessDuration; scope?: RuleScope['floor'] } {
  let own: FreshnessDuration | undefined;
  if (spec.maxWindow !== undefined) {
    own = parseDuration(spec.maxWindow);
    if (!own) {
      issues.push(
        source.issue(
          [...path, 'maxWindow'],
          `"${spec.maxWindow}" is not a positive ISO 8601 duration or number of days`,
        ),
      );
    } else if (floors.library && exceedsFloor(own, floors.library)) {
      issues.push(
        source.issue(
          [...path, 'maxWindow'],
          `maxWindow ${own.text} is past the library's maxWindow ${floors.library.text}`,
        ),
      );
      own = undefined;
    }
  }
  const candidates: { window: FreshnessDuration; by: string }[] = [];
  if (floors.library) candidates.push({ window: floors.library, by: "the library's maxWindow" });
  if (floors.inherited) candidates.push(floors.inherited);
  if (own) candidates.push({ window: own, by: `maxWindow of requirement "${spec.id}"` });
  let scope: RuleScope['floor'];
  for (const candidate of candidates) {
    if (!scope || tighterFloor(scope.window, candidate.window) === candidate.window) scope = candidate;
  }
  return { ...(own ? { own } : {}), ...(scope ? { scope } : {}) };
}

/** Summary fields of a requirement from its rules, for readers that predate alternatives. */
export function summarise(
  rules: readonly EvidenceRule[],
): Pick<Requirement, 'kinds' | 'where' | 'minCount' | 'freshness'> {
  const [first] = rules;
  if (rules.length === 1 && first) return first;
  const kinds = [...new Set(rules.flatMap((rule) => rule.kinds))];
  const freshness: Partial<Record<ArtifactKind, FreshnessDuration>> = {};
  for (const rule of rules) {
    for (const [kind, window] of Object.entries(rule.freshness) as [ArtifactKind, FreshnessDuration][]) {
      const known = freshness[kind];
      if (!known || exceedsFloor(known, window)) freshness[kind] = window;
    }
  }
  return { kinds, where: [], minCount: Math.min(...rules.map((rule) => rule.minCount)), freshness };
}

/**
 * Checks what the schema cannot (see resolveRule, plus the shape of anyOf and maxCount
 * requirements, unique alternative ids and floors) and applies defaults. Problems are appended to
 * issues.
 */
export function resolveRequirement(
  spec: RequirementSpec,
  path: readonly PathSegment[],
  source: YamlSource,
  origin: string,
  issues: LibraryIssue[],
  floors: Floors = {},
): Requirement {
  const floor = floorOf(spec, path, floors, source, issues);
  const scope: RuleScope = {
    source,
    issues,
    ...(floor.scope ? { floor: floor.scope } : {}),
    ...(spec.forEach ? { forEach: spec.forEach } : {}),
  };
  const rules: EvidenceRule[] = [];
  if (spec.anyOf) {
    for (const key of RULE_KEYS) {
      if (spec[key] !== undefined) {
        issues.push(
          source.issue(
            [...path, key],
            `a requirement with anyOf gives ${key} in each alternative, not beside them`,
          ),
        );
      }
    }
    for (const key of ['maxCount', 'overdueAfter'] as const) {
      if (spec[key] !== undefined) {
        issues.push(
          source.issue(
            [...path, key],
            `${key} cannot be combined with anyOf: counter-evidence is a requirement of its own`,
          ),
        );
      }
    }
    const ids = new Set<string>();
    spec.anyOf.forEach((alternative, i) => {
      const at = [...path, 'anyOf', i];
      if (ids.has(alternative.id)) {
        issues.push(
          source.issue(
            [...at, 'id'],
            `duplicate alternative id "${alternative.id}" in requirement "${spec.id}"`,
          ),
        );
      }
      ids.add(alternative.id);
      rules.push(resolveRule(alternative, at, scope));
    });
  } else if (spec.kinds === undefined) {
    issues.push(source.issue(path, 'missing required property "kinds" (or anyOf alternatives)'));
  } else {
    if (spec.overdueAfter !== undefined && spec.maxCount === undefined) {
      issues.push(
        source.issue(
          [...path, 'overdueAfter'],
          'overdueAfter only applies with maxCount (evidence that counts against)',
        ),
      );
    }
    const overdueAfter =
      spec.maxCount !== undefined && spec.overdueAfter !== undefined
        ? resolveWindow(spec.overdueAfter, [...path, 'overdueAfter'], scope, 'overdueAfter')
        : undefined;
    const against =
      spec.maxCount === undefined
        ? undefined
        : { maxCount: spec.maxCount, ...(overdueAfter ? { overdueAfter } : {}) };
    rules.push(resolveRule({ ...spec, kinds: spec.kinds }, path, scope, against));
  }
  const requirement: Requirement = {
    id: spec.id,
    description: spec.description,
    ...summarise(rules.length > 0 ? rules : [emptyRule(spec.id)]),
    weight: spec.weight ?? 1,
    ownerRole: spec.ownerRole,
    origin,
    essential: spec.essential ?? false,
    anyOf: spec.anyOf !== undefined,
    rules,
    ...(spec.forEach ? { forEach: spec.forEach } : {}),
    ...(spec.maxCount !== undefined && !spec.anyOf ? { maxCount: spec.maxCount } : {}),
    ...(floor.scope ? { maxWindow: floor.scope.window } : {}),
  };
  return requirement;
}

function emptyRule(id: string): EvidenceRule {
  return {
    id,
    kinds: [],
    where: [],
    minCount: 1,
    freshness: {},
    freshnessFrom: {},
    freshUntil: {},
    lastReadWithin: {},
  };
}
