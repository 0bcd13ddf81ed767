import { ARTIFACT_KINDS, type ArtifactKind, eventSchemas } from '@aims/core';

/**
 * What rules may say about a kind's attributes, read from contracts/events/artifact-attributes.
 * Kinds accept extra attributes at run time, but a rule may only name attributes the kind's schema
 * declares, or keys inside a declared open map (metrics, params, tags): a misspelt attribute would
 * otherwise never match and silently turn a requirement unmeetable.
 */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly $ref?: string;
}

const root = eventSchemas['artifact-attributes.schema.json'] as {
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly $defs: Readonly<Record<string, JsonSchema>>;
};

function deref(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 10; hops++) {
    const name = current.$ref.replace(/^#\/\$defs\//, '');
    current = root.$defs[name] ?? {};
  }
  return current;
}

function typesOf(schema: JsonSchema): readonly string[] | undefined {
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.type) return schema.type;
  if (schema.anyOf) {
    // A union of alternatives (a date or date-time, or null): the types of all of them.
    const types = new Set<string>();
    for (const branch of schema.anyOf) {
      const of = typesOf(deref(branch));
      if (!of) return undefined;
      for (const type of of) types.add(type);
    }
    return [...types];
  }
  return schema.properties ? ['object'] : undefined;
}

export type AttributeCheck =
  | {
      readonly ok: true /** JSON types the value may have; undefined when the schema does not say. */;
      readonly types?: readonly string[];
    }
  | { readonly ok: false; readonly problem: string };

/** Resolves a rule's attribute path against the kind's schema, longest declared key first. */
export function checkAttribute(kind: ArtifactKind, text: string): AttributeCheck {
  const kindSchema = root.properties[kind];
  if (!kindSchema) return { ok: true };
  const segments = text.split('.');
  let node = deref(kindSchema);
  let at = 0;
  let prefix = '';
  while (at < segments.length) {
    const types = typesOf(node);
    if (types?.includes('array') && !types.includes('object')) {
      return {
        ok: false,
        problem: `"${prefix}" of kind ${kind} is a list: a rule can test it whole (exists, contains, in) but not look inside it`,
      };
    }
    const properties = node.properties ?? {};
    let matched = false;
    for (let end = segments.length; end > at; end--) {
      const key = segments.slice(at, end).join('.');
      const property = properties[key];
      if (property) {
        node = deref(property);
        prefix = prefix ? `${prefix}.${key}` : key;
        at = end;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const open = node.additionalProperties;
    if (typeof open === 'object') {
      // An open map (metrics, params, tags): the rest of the path is one key, as logged.
      node = deref(open);
      at = segments.length;
      break;
    }
    if (node.properties === undefined && prefix !== '' && types?.includes('object')) return { ok: true };
    const known = Object.keys(properties).join(', ');
    const where = prefix === '' ? `kind ${kind}` : `"${prefix}" of kind ${kind}`;
    return {
      ok: false,
      problem: `unknown attribute "${text}" for kind ${kind}: ${where} declares ${known || 'no attributes'}`,
    };
  }
  const types = typesOf(node);
  return types ? { ok: true, types } : { ok: true };
}

const declaring = new Map<string, ReadonlySet<ArtifactKind>>();

/** Kinds whose schema declares a top-level attribute (repo, bucket). */
export function kindsDeclaring(attribute: string): ReadonlySet<ArtifactKind> {
  const known = declaring.get(attribute);
  if (known) return known;
  const kinds = new Set<ArtifactKind>(
    ARTIFACT_KINDS.filter((kind) => {
      const schema = root.properties[kind];
      return schema !== undefined && deref(schema).properties?.[attribute] !== undefined;
    }),
  );
  declaring.set(attribute, kinds);
  return kinds;
}
