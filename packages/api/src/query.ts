import type { ErrorDetail } from '@aims/core';
import { z } from 'zod';
import { BadRequestError } from './errors.js';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export const slugParam = z.string().regex(SLUG, 'must be a slug ([a-z0-9][a-z0-9-]*)').max(100);

/** `true` or `false` as query text. */
export const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A whole number written plainly (no sign, exponent, fraction, hex or leading zeros). */
export function integerParam(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a whole number written in digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** Page size: 1..500, default 50. */
export const limitParam = integerParam(1, 500).default(50);

/** No parameters at all: every one given is unknown. */
export const noParams = z.object({});

export const cursorParam = z.string().min(1).optional();

/** One value or the parameter repeated: always a list. */
export function listParam<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (value === undefined || Array.isArray(value) ? value : [value]),
    z.array(item),
  );
}

/** Only one value allowed; a repeated parameter is an error. */
function single(value: unknown): unknown {
  return Array.isArray(value) ? { repeated: value } : value;
}

/** The strict form of each schema, made once: zod compiles a schema the first time it parses. */
const strictForms = new WeakMap<z.ZodObject, z.ZodObject>();
function strictOf<S extends z.ZodObject>(schema: S): S {
  let strict = strictForms.get(schema);
  if (strict === undefined) {
    strict = schema.strict();
    strictForms.set(schema, strict);
  }
  return strict as S;
}

/**
 * Parses query or path parameters with a strict zod object; unknown parameters and invalid
 * values become a 400 whose details name each parameter.
 */
export function parseParams<S extends z.ZodObject>(
  schema: S,
  input: unknown,
  options: { lists?: readonly string[] } = {},
): z.output<S> {
  const raw = (input ?? {}) as Record<string, unknown>;
  const lists = new Set(options.lists ?? []);
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, lists.has(k) ? v : single(v)]));
  const result = strictOf(schema).safeParse(values);
  if (result.success) return result.data as z.output<S>;
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: issue.keys.join(', '), message: 'unknown parameter' };
    }
    const path = issue.path.map(String).join('.');
    const repeated = path !== '' && Array.isArray(raw[path.split('.')[0] ?? '']) && !lists.has(path);
    return { path, message: repeated ? 'must be given once' : issue.message };
  });
  throw new BadRequestError(
    `invalid parameters: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
    details,
  );
}
