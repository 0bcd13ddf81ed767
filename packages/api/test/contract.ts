import { readFileSync } from 'node:fs';
import { eventSchemas } from '@aims/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_ID = 'https://schemas.aims-evidence-mesh.dev/openapi/evidence-api.yaml';
const spec = parse(
  readFileSync(new URL('../../../contracts/openapi/evidence-api.yaml', import.meta.url), 'utf8'),
) as {
  components: unknown;
};

// ajv-formats is CommonJS; take the callable whichever way the loader hands it over.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
for (const schema of Object.values(eventSchemas)) ajv.addSchema(schema);
// The OpenAPI document sits next to contracts/events, so its relative $refs resolve to their $ids.
ajv.addSchema({ $id: SPEC_ID, components: spec.components });

/** Errors of `value` against a schema of the OpenAPI components (empty when it conforms). */
export function contractErrors(schema: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${schema}`);
  if (!validate) throw new Error(`no schema ${schema} in the OpenAPI components`);
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
