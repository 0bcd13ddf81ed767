// Kubernetes JSON schemas for kubeconform, made offline from the API's own OpenAPI document: the
// module k8s.io/kubernetes (fetched through the Go module proxy, like any Go module) carries
// api/openapi-spec/swagger.json; every definition that names a group, version and kind becomes
// `<kind>-<group>-<version>.json` (kubeconform's default layout), standalone (the definitions it
// refers to copied in) and strict (no properties beyond the schema's).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KUBERNETES_VERSION = 'v1.33.0';

/** `x-kubernetes-group-version-kind` entries: the file names kubeconform looks up. */
function fileNames(definition) {
  return (definition['x-kubernetes-group-version-kind'] ?? []).map(({ group, version, kind }) => {
    const groupPart = group ? `-${group.split('.')[0]}` : '';
    return `${kind.toLowerCase()}${groupPart}-${version}.json`;
  });
}

/** The definition with every $ref it reaches copied under `definitions`, objects made strict. */
function standalone(name, definitions) {
  const needed = new Map();
  const visit = (schema) => {
    if (schema === null || typeof schema !== 'object') return schema;
    if (Array.isArray(schema)) return schema.map(visit);
    const out = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const target = value.replace('#/definitions/', '');
        if (!needed.has(target)) {
          needed.set(target, null);
          needed.set(target, visit(definitions[target] ?? {}));
        }
        out.$ref = value;
      } else out[key] = visit(value);
    }
    // IntOrString (ports, minAvailable: 1 or "50%") is declared as a string with a format.
    if (out.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    // Strict: an object with declared properties takes no others (unknown fields are typos).
    if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
      out.additionalProperties = false;
    return out;
  };
  const root = visit(definitions[name]);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...root,
    definitions: Object.fromEntries(needed),
  };
}

/** Writes the schemas under `dir` (once) and returns the kubeconform schema location for it. */
export function ensureKubernetesSchemas(dir, log = () => {}) {
  const target = join(dir, `${KUBERNETES_VERSION}-standalone-strict`);
  const done = join(target, '.complete');
  if (!existsSync(done)) {
    log(`converting the Kubernetes ${KUBERNETES_VERSION} OpenAPI document into JSON schemas`);
    const info = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], {
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '-mod=mod' },
        maxBuffer: 16 * 1024 * 1024,
      }),
    );
    const swagger = JSON.parse(readFileSync(join(info.Dir, 'api', 'openapi-spec', 'swagger.json'), 'utf8'));
    mkdirSync(target, { recursive: true });
    let written = 0;
    for (const [name, definition] of Object.entries(swagger.definitions)) {
      const files = fileNames(definition);
      if (files.length === 0) continue;
      const schema = JSON.stringify(standalone(name, swagger.definitions));
      for (const file of files) {
        writeFileSync(join(target, file), schema);
        written++;
      }
    }
    writeFileSync(done, `${written} schemas\n`);
  }
  return `${target}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
}
