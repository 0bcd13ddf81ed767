import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { LibraryIssue } from '../errors.js';
import type { ControlLibraryFile, LibraryOverlayFile } from '../generated/control-library.js';
import { controlSchemas } from '../generated/schemas.js';
import { fromPointer, type YamlSource } from './source.js';

const LIBRARY_SCHEMA = 'control-library.schema.json';
const OVERLAY_SCHEMA = 'library-overlay.schema.json';

let compiled:
  | { library: ValidateFunction<ControlLibraryFile>; overlay: ValidateFunction<LibraryOverlayFile> }
  | undefined;

/** Both validators, compiled once per process on first use. */
function validators(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true });
  for (const schema of Object.values(controlSchemas)) ajv.addSchema(schema);
  const get = <T>(name: string): ValidateFunction<T> => {
    const id = controlSchemas[name]?.$id;
    const validate = typeof id === 'string' ? ajv.getSchema<T>(id) : undefined;
    if (!validate)
      throw new Error(`control schema ${name} is missing; run npm run generate -w @aims/scoring`);
    return validate;
  };
  compiled = {
    library: get<ControlLibraryFile>(LIBRARY_SCHEMA),
    overlay: get<LibraryOverlayFile>(OVERLAY_SCHEMA),
  };
  return compiled;
}

function describe(error: ErrorObject): { path: string; problem: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        path: `${error.instancePath}/${String(params.additionalProperty)}`,
        problem: `unknown property "${String(params.additionalProperty)}"`,
      };
    case 'required':
      return {
        path: error.instancePath,
        problem: `missing required property "${String(params.missingProperty)}"`,
      };
    case 'enum':
      return {
        path: error.instancePath,
        problem: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'propertyNames':
      return {
        path: `${error.instancePath}/${String(params.propertyName)}`,
        problem: `invalid key "${String(params.propertyName)}"`,
      };
    default:
      return { path: error.instancePath, problem: error.message ?? error.keyword };
  }
}

function toIssues(errors: readonly ErrorObject[] | null | undefined, source: YamlSource): LibraryIssue[] {
  const seen = new Set<string>();
  const issues: LibraryIssue[] = [];
  for (const error of errors ?? []) {
    // A failed oneOf repeats what its branches already said; a bad predicate op is already
    // reported by the enum on op.
    if (error.keyword === 'oneOf' || error.keyword === 'discriminator') continue;
    const { path, problem } = describe(error);
    const id = `${path} ${problem}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(source.issue(fromPointer(path), problem));
  }
  return issues;
}

export function validateLibraryFile(source: YamlSource): {
  file?: ControlLibraryFile;
  issues: LibraryIssue[];
} {
  const validate = validators().library;
  if (validate(source.data)) return { file: source.data, issues: [] };
  return { issues: toIssues(validate.errors, source) };
}

export function validateOverlayFile(source: YamlSource): {
  file?: LibraryOverlayFile;
  issues: LibraryIssue[];
} {
  const validate = validators().overlay;
  if (validate(source.data)) return { file: source.data, issues: [] };
  return { issues: toIssues(validate.errors, source) };
}
