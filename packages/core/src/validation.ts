import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import type { ErrorDetail } from './errors.js';
import { UnknownKindError, ValidationError } from './errors.js';
import type {
  ArtifactChangedEvent,
  ArtifactKind,
  ArtifactVersion,
  ControlResult,
  ControlScoredEvent,
  DeadLetterRecord,
  HarvestRunEvent,
  RawEvidenceRecord,
} from './generated/events.js';
import { eventSchemas } from './generated/schemas.js';
import { type AttributesOf, isArtifactKind } from './kinds.js';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;

// ajv-formats is CommonJS with a default export; take whichever shape the loader hands us.
const addFormats: FormatsPlugin = (() => {
  const mod = ajvFormats as unknown as { default?: unknown };
  if (typeof mod.default === 'function') return mod.default as FormatsPlugin;
  if (typeof mod === 'function') return mod as FormatsPlugin;
  throw new Error('ajv-formats has no callable export');
})();

const SCHEMA_BASE = 'https://schemas.aims-evidence-mesh.dev/events/';
const ATTRIBUTES_ID = `${SCHEMA_BASE}artifact-attributes.schema.json`;

let ajvInstance: Ajv2020 | undefined;

function ajv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  const instance = new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(instance);
  for (const schema of Object.values(eventSchemas)) instance.addSchema(schema);
  ajvInstance = instance;
  return instance;
}

const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema reference once and caches the validator. */
function validatorFor(ref: string): ValidateFunction {
  let fn = compiled.get(ref);
  if (!fn) {
    fn = ajv().getSchema(ref) ?? ajv().compile({ $ref: ref });
    compiled.set(ref, fn);
  }
  return fn;
}

/** Turns ajv errors into `{ path, message }` pairs whose path names the offending field. */
export function toErrorDetails(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue; // the failing `then` branch is reported on its own
    let path = `${prefix}${error.instancePath}`;
    let message = error.message ?? 'is invalid';
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      path = `${path}/${params.missingProperty}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path = `${path}/${params.additionalProperty}`;
      message = 'is not allowed';
    } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (!details.some((d) => d.path === path && d.message === message)) details.push({ path, message });
  }
  return details;
}

export type CheckResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: ValidationError | UnknownKindError };

function summary(subject: string, details: readonly ErrorDetail[]): string {
  const shown = details.slice(0, 5).map((d) => `${d.path || '/'} ${d.message}`);
  const more = details.length > 5 ? `; and ${details.length - 5} more` : '';
  return `invalid ${subject}: ${shown.join('; ')}${more}`;
}

/** Checks attributes against the schema of their kind; paths are prefixed with `prefix`. */
export function checkAttributes(
  kind: string,
  attributes: unknown,
  prefix = '/attributes',
): CheckResult<Record<string, unknown>> {
  if (!isArtifactKind(kind)) return { ok: false, error: new UnknownKindError(kind) };
  const fn = validatorFor(`${ATTRIBUTES_ID}#/properties/${kind}`);
  if (fn(attributes)) return { ok: true, value: attributes as Record<string, unknown> };
  const details = toErrorDetails(fn.errors, prefix);
  return { ok: false, error: new ValidationError(summary(`${kind} attributes`, details), details) };
}

interface KindAware {
  /** Where the kind lives in the value, and whether the attributes must match it. */
  kindOf(value: Record<string, unknown>): { kind: unknown; path: string } | undefined;
  attributesOf(value: Record<string, unknown>): { attributes: unknown; path: string } | undefined;
}

function makeChecker<T>(file: string, subject: string, kindAware?: KindAware) {
  return (value: unknown): CheckResult<T> => {
    const record =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    const located = record && kindAware?.kindOf(record);
    if (located && typeof located.kind === 'string' && !isArtifactKind(located.kind)) {
      return { ok: false, error: new UnknownKindError(located.kind, located.path) };
    }
    const fn = validatorFor(`${SCHEMA_BASE}${file}`);
    if (!fn(value)) {
      const details = toErrorDetails(fn.errors);
      return { ok: false, error: new ValidationError(summary(subject, details), details) };
    }
    const attrs = record && kindAware?.attributesOf(record);
    if (located && attrs) {
      const result = checkAttributes(located.kind as ArtifactKind, attrs.attributes, attrs.path);
      if (!result.ok) {
        const details = result.error.details ?? [];
        return { ok: false, error: new ValidationError(summary(subject, details), details) };
      }
    }
    return { ok: true, value: value as T };
  };
}

function throwing<T>(check: (value: unknown) => CheckResult<T>) {
  return (value: unknown): T => {
    const result = check(value);
    if (!result.ok) throw result.error;
    return result.value;
  };
}

const rawKinds: KindAware = {
  kindOf: (r) => ('kind' in r ? { kind: r.kind, path: '/kind' } : undefined),
  attributesOf: (r) => (r.op === 'upsert' ? { attributes: r.attributes, path: '/attributes' } : undefined),
};

function artifactOf(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const artifact = value.artifact;
  return typeof artifact === 'object' && artifact !== null
    ? (artifact as Record<string, unknown>)
    : undefined;
}

const versionKinds: KindAware = {
  kindOf: (v) => ('kind' in v ? { kind: v.kind, path: '/kind' } : undefined),
  attributesOf: (v) =>
    v.tombstone === false ? { attributes: v.attributes, path: '/attributes' } : undefined,
};

const changedKinds: KindAware = {
  kindOf: (e) => {
    const a = artifactOf(e);
    return a && 'kind' in a ? { kind: a.kind, path: '/artifact/kind' } : undefined;
  },
  attributesOf: (e) => {
    const a = artifactOf(e);
    return a?.tombstone === false ? { attributes: a.attributes, path: '/artifact/attributes' } : undefined;
  },
};

export const checkRawRecord = makeChecker<RawEvidenceRecord>(
  'raw-evidence.v1.schema.json',
  'raw evidence record',
  rawKinds,
);
export const validateRawRecord = throwing(checkRawRecord);

export const checkArtifactVersion = makeChecker<ArtifactVersion>(
  'artifact-version.schema.json',
  'artifact version',
  versionKinds,
);
export const validateArtifactVersion = throwing(checkArtifactVersion);

export const checkArtifactChanged = makeChecker<ArtifactChangedEvent>(
  'artifact-changed.v1.schema.json',
  'artifact changed event',
  changedKinds,
);
export const validateArtifactChanged = throwing(checkArtifactChanged);

export const checkControlScored = makeChecker<ControlScoredEvent>(
  'control-scored.v1.schema.json',
  'control scored event',
);
export const validateControlScored = throwing(checkControlScored);

export const checkControlResult = makeChecker<ControlResult>(
  'control-result.v1.schema.json',
  'control result',
);
export const validateControlResult = throwing(checkControlResult);

export const checkHarvestRun = makeChecker<HarvestRunEvent>(
  'harvest-run.v1.schema.json',
  'harvest run event',
);
export const validateHarvestRun = throwing(checkHarvestRun);

export const checkDeadLetter = makeChecker<DeadLetterRecord>(
  'dead-letter.v1.schema.json',
  'dead letter record',
);
export const validateDeadLetter = throwing(checkDeadLetter);

/** Validates attributes for a kind, throwing UnknownKindError or ValidationError. */
export function validateAttributes<K extends ArtifactKind>(
  kind: K,
  attributes: unknown,
  prefix = '/attributes',
): AttributesOf<K> {
  const result = checkAttributes(kind, attributes, prefix);
  if (!result.ok) throw result.error;
  return result.value as AttributesOf<K>;
}
