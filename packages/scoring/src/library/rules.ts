import { type ArtifactKind, isArtifactKind } from '@aims/core';
import { checkAttribute } from '../attributes/schema.js';
import { type FreshnessDuration, parseDuration } from '../duration.js';
import type { LibraryIssue } from '../errors.js';
import type {
  AttributeByKind,
  DateAttributes,
  DateAttributesByKind,
  FreshnessWindow,
  Alternative as RuleSpec,
  WindowByKind,
} from '../generated/control-library.js';
import { canCountFor, SCOPE_NOUNS } from '../inventory/members.js';
import { exceedsFloor } from './floor.js';
import type { EvidenceRule, ForEachScope, Predicate } from './model.js';
import type { PathSegment, YamlSource } from './source.js';

/** Where a rule sits and what bounds it, for checks that name file and line. */
export interface RuleScope {
  readonly source: YamlSource;
  readonly issues: LibraryIssue[];
  /** The floor no window may pass, and who set it (for the message). */
  readonly floor?: { readonly window: FreshnessDuration; readonly by: string };
  readonly forEach?: ForEachScope;
}

type ByKind<T> = Partial<Record<ArtifactKind, T>>;

function report(scope: RuleScope, path: readonly PathSegment[], problem: string): void {
  scope.issues.push(scope.source.issue(path, problem));
}

/** Parses a window and checks it against the floor. */
export function resolveWindow(
  window: FreshnessWindow,
  path: readonly PathSegment[],
  scope: RuleScope,
  what: string,
): FreshnessDuration | undefined {
  const duration = parseDuration(window);
  if (!duration) {
    report(scope, path, `"${window}" is not a positive ISO 8601 duration or number of days`);
    return undefined;
  }
  if (scope.floor && exceedsFloor(duration, scope.floor.window)) {
    report(
      scope,
      path,
      `${what} ${duration.text} is past the floor ${scope.floor.window.text} (${scope.floor.by})`,
    );
    return undefined;
  }
  return duration;
}

/** Parses a freshness map whose keys must be among the selected kinds. */
export function resolveWindows(
  windows: Readonly<Record<string, FreshnessWindow | undefined>>,
  selected: ReadonlySet<string>,
  path: readonly PathSegment[],
  scope: RuleScope,
): ByKind<FreshnessDuration> {
  const resolved: ByKind<FreshnessDuration> = {};
  for (const [kind, window] of Object.entries(windows)) {
    if (window === undefined) continue;
    const at = [...path, kind];
    if (!isArtifactKind(kind)) {
      report(scope, at, `unknown artifact kind "${kind}"`);
      continue;
    }
    if (!selected.has(kind)) {
      report(scope, at, `freshness window for kind "${kind}", which the requirement does not select`);
      continue;
    }
    const duration = resolveWindow(window, at, scope, `freshness window for ${kind}`);
    if (duration) resolved[kind] = duration;
  }
  return resolved;
}

/** One value for every selected kind, or a map whose keys must be selected kinds. */
function perKind<T, R>(
  value: T | Readonly<Record<string, T | undefined>> | undefined,
  isSingle: (value: unknown) => value is T,
  kinds: readonly ArtifactKind[],
  path: readonly PathSegment[],
  scope: RuleScope,
  resolve: (value: T, kind: ArtifactKind, at: readonly PathSegment[]) => R | undefined,
): ByKind<R> {
  const out: ByKind<R> = {};
  if (value === undefined) return out;
  if (isSingle(value)) {
    for (const kind of kinds) {
      const resolved = resolve(value, kind, path);
      if (resolved !== undefined) out[kind] = resolved;
    }
    return out;
  }
  for (const [kind, item] of Object.entries(value as Readonly<Record<string, T | undefined>>)) {
    if (item === undefined) continue;
    const at = [...path, kind];
    if (!isArtifactKind(kind) || !kinds.includes(kind)) {
      report(scope, at, `kind "${kind}" is not one the rule selects`);
      continue;
    }
    const resolved = resolve(item, kind, at);
    if (resolved !== undefined) out[kind] = resolved;
  }
  return out;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isDates = (value: unknown): value is DateAttributes =>
  typeof value === 'string' || Array.isArray(value);
const isWindow = (value: unknown): value is FreshnessWindow =>
  typeof value === 'string' || typeof value === 'number';

function dateAttribute(scope: RuleScope, name: string) {
  return (attr: string, kind: ArtifactKind, at: readonly PathSegment[]): string | undefined => {
    const check = checkAttribute(kind, attr);
    if (!check.ok) {
      report(scope, at, `${name}: ${check.problem}`);
      return undefined;
    }
    if (check.types && !check.types.includes('string')) {
      report(
        scope,
        at,
        `${name} "${attr}" of kind ${kind} is not a date (it is ${check.types.join(' or ')})`,
      );
      return undefined;
    }
    return attr;
  };
}

function checkPredicate(
  predicate: Predicate,
  kinds: readonly ArtifactKind[],
  at: readonly PathSegment[],
  scope: RuleScope,
): void {
  for (const kind of predicate.kind === undefined ? kinds : kinds.filter((k) => k === predicate.kind)) {
    const check = checkAttribute(kind, predicate.attr);
    if (!check.ok) {
      report(scope, [...at, 'attr'], check.problem);
      return;
    }
    if ((predicate.op === 'gte' || predicate.op === 'lte') && check.types) {
      const numeric = typeof predicate.value === 'number';
      const fits = numeric
        ? check.types.includes('number') || check.types.includes('integer')
        : check.types.includes('string');
      if (!fits) {
        report(
          scope,
          [...at, 'value'],
          `${numeric ? 'numeric' : 'text'} threshold on "${predicate.attr}", which is ${check.types.join(' or ')} for kind ${kind}`,
        );
        return;
      }
    }
  }
}

/**
 * Checks one rule (a requirement's own, or an alternative) against what the schema cannot say:
 * known kinds, attributes the kinds declare, thresholds on numbers, windows for selected kinds and
 * within the floor, kinds that can count for the forEach scope. Applies defaults.
 */
export function resolveRule(
  spec: RuleSpec,
  path: readonly PathSegment[],
  scope: RuleScope,
  against?: { readonly maxCount: number; readonly overdueAfter?: FreshnessDuration },
): EvidenceRule {
  const kinds: ArtifactKind[] = [];
  spec.kinds.forEach((kind, i) => {
    if (!isArtifactKind(kind)) report(scope, [...path, 'kinds', i], `unknown artifact kind "${kind}"`);
    else if (scope.forEach && !canCountFor(scope.forEach, kind)) {
      report(
        scope,
        [...path, 'kinds', i],
        `kind ${kind} cannot count for ${SCOPE_NOUNS[scope.forEach]} (forEach: ${scope.forEach})`,
      );
    } else kinds.push(kind);
  });
  const selected = new Set<string>(spec.kinds);
  const where = spec.where ?? [];
  where.forEach((predicate, i) => {
    const at = [...path, 'where', i];
    if (predicate.kind !== undefined && !selected.has(predicate.kind)) {
      report(
        scope,
        [...at, 'kind'],
        `predicate is scoped to kind "${predicate.kind}", which requirement "${spec.id}" does not select`,
      );
      return;
    }
    checkPredicate(predicate, kinds, at, scope);
  });
  if (against) {
    for (const key of ['freshness', 'freshUntil', 'lastReadWithin', 'minCount'] as const) {
      if (spec[key] !== undefined) {
        report(
          scope,
          [...path, key],
          `${key} does not apply to evidence that counts against a control (maxCount): it counts whatever its age, from overdueAfter on`,
        );
      }
    }
  }
  const freshness = resolveWindows(spec.freshness ?? {}, selected, [...path, 'freshness'], scope);
  const fromDate = dateAttribute(scope, 'freshnessFrom');
  const freshnessFrom = perKind<DateAttributes, readonly string[]>(
    spec.freshnessFrom as DateAttributesByKind | undefined,
    isDates,
    kinds,
    [...path, 'freshnessFrom'],
    scope,
    (attrs, kind, at) => {
      const list = typeof attrs === 'string' ? [attrs] : attrs;
      const resolved = list.flatMap((attr, i) => {
        const ok = fromDate(attr, kind, typeof attrs === 'string' ? at : [...at, i]);
        return ok === undefined ? [] : [ok];
      });
      return resolved.length === list.length ? resolved : undefined;
    },
  );
  const freshUntil = perKind<string, string>(
    spec.freshUntil as AttributeByKind | undefined,
    isText,
    kinds,
    [...path, 'freshUntil'],
    scope,
    dateAttribute(scope, 'freshUntil'),
  );
  const lastReadWithin = perKind<FreshnessWindow, FreshnessDuration>(
    spec.lastReadWithin as WindowByKind | undefined,
    isWindow,
    kinds,
    [...path, 'lastReadWithin'],
    scope,
    (window, kind, at) => resolveWindow(window, at, scope, `lastReadWithin for ${kind}`),
  );
  const rule: EvidenceRule = {
    id: spec.id,
    kinds,
    where,
    minCount: against ? 0 : (spec.minCount ?? 1),
    freshness,
    freshnessFrom,
    freshUntil,
    lastReadWithin,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(against ? { maxCount: against.maxCount } : {}),
    ...(against?.overdueAfter ? { overdueAfter: against.overdueAfter } : {}),
  };
  return rule;
}
