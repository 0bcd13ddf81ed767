import type { Predicate, Requirement } from './library/model.js';

type Attributes = Readonly<Record<string, unknown>>;
type Scalar = string | number | boolean | null;

/** The artifact fields a requirement looks at. */
export interface Selectable {
  readonly kind: string;
  readonly attributes: Attributes;
}

function lookup(attributes: Attributes, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Present and meaningful: not undefined or null, and not an empty string, array or object. */
function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function ordered(actual: unknown, expected: number | string, atLeast: boolean): boolean {
  if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string'))
    return false;
  if (typeof actual === 'number' && Number.isNaN(actual)) return false;
  return atLeast ? actual >= expected : actual <= expected;
}

function test(predicate: Predicate, actual: unknown): boolean {
  switch (predicate.op) {
    case 'exists':
      return hasValue(actual) === (predicate.value ?? true);
    case 'eq':
      return actual === predicate.value;
    case 'ne':
      return actual !== predicate.value;
    case 'in': {
      const allowed = predicate.value as readonly Scalar[];
      if (Array.isArray(actual)) return actual.some((item) => allowed.includes(item as Scalar));
      return allowed.includes(actual as Scalar);
    }
    case 'gte':
    case 'lte':
      return ordered(actual, predicate.value, predicate.op === 'gte');
    case 'contains':
      if (Array.isArray(actual)) return actual.includes(predicate.value);
      return (
        typeof actual === 'string' && typeof predicate.value === 'string' && actual.includes(predicate.value)
      );
  }
}

/** Compiles a requirement's kinds and predicates into one test. Kind-scoped predicates only apply to that kind. */
export function compileMatcher(requirement: Requirement): (artifact: Selectable) => boolean {
  const kinds = new Set<string>(requirement.kinds);
  const checks = requirement.where.map((predicate) => ({ predicate, path: predicate.attr.split('.') }));
  return (artifact) => {
    if (!kinds.has(artifact.kind)) return false;
    for (const { predicate, path } of checks) {
      if (predicate.kind !== undefined && predicate.kind !== artifact.kind) continue;
      if (!test(predicate, lookup(artifact.attributes, path))) return false;
    }
    return true;
  };
}
