import { compilePath, lookupPath } from './attributes/path.js';
import type { EvidenceRule, Predicate } from './library/model.js';

type Attributes = Readonly<Record<string, unknown>>;
type Scalar = string | number | boolean | null;

/** The artifact fields a requirement looks at. */
export interface Selectable {
  readonly kind: string;
  readonly attributes: Attributes;
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
      return includes(actual, predicate.value);
    case 'excludes':
      return !includes(actual, predicate.value);
  }
}

function includes(actual: unknown, value: Scalar): boolean {
  if (Array.isArray(actual)) return actual.includes(value);
  return typeof actual === 'string' && typeof value === 'string' && actual.includes(value);
}

/**
 * Compiles a rule's kinds and predicates into one test. Kind-scoped predicates only apply to that
 * kind; attribute paths find dotted keys as logged (see attributes/path.ts).
 */
export function compileMatcher(
  rule: Pick<EvidenceRule, 'kinds' | 'where'>,
): (artifact: Selectable) => boolean {
  const kinds = new Set<string>(rule.kinds);
  const checks = rule.where.map((predicate) => ({ predicate, path: compilePath(predicate.attr) }));
  return (artifact) => {
    if (!kinds.has(artifact.kind)) return false;
    for (const { predicate, path } of checks) {
      if (predicate.kind !== undefined && predicate.kind !== artifact.kind) continue;
      if (!test(predicate, lookupPath(artifact.attributes, path))) return false;
    }
    return true;
  };
}
