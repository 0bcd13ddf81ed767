import { z } from 'zod';
import type { EnvMeta } from './meta.js';

/** One variable of a service's env schema, as the env reference shows it. */
export interface EnvVariable {
  name: string;
  /** Unset (or empty) is refused. Variables required only with others (REDIS_URL) say so in `description`. */
  required: boolean;
  /** What an unset variable means, as text (`6`, `s3`, `aims.yaml`); undefined: no default. */
  default?: string;
  description: string;
  /** Holds a credential: from a Secret, never a plain value, never logged. */
  secret: boolean;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; defaultValue?: unknown };

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema and the schemas it wraps (optional, default, pipe…), outermost first. */
function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [];
  let current: z.ZodType | undefined = schema;
  while (current && out.length < 16) {
    out.push(current);
    const def = defOf(current);
    current = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  }
  return out;
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The variables of an env schema (a zod object, refined or not), in the order it lists them. */
export function envVariables(schema: z.ZodType): EnvVariable[] {
  if (!(schema instanceof z.ZodObject)) throw new TypeError('an env schema is a zod object of variables');
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const wrapped = layers(field);
    // The outermost layer that says something wins (`.describe()` after `.default()`).
    let description: string | undefined;
    let secret: boolean | undefined;
    for (const layer of wrapped) {
      const found = z.globalRegistry.get(layer) as EnvMeta | undefined;
      description ??= found?.description;
      secret ??= found?.secret;
    }
    const withDefault = wrapped.find((layer) => defOf(layer).type === 'default');
    const variable: EnvVariable = {
      name,
      required: !field.safeParse(undefined).success,
      description: description ?? '',
      secret: secret === true,
    };
    if (withDefault) variable.default = text(defOf(withDefault).defaultValue);
    return variable;
  });
}

/** One service of the env reference: its name, how it runs, what it is, and its schema. */
export interface EnvReferenceEntry {
  service: string;
  /** How it is started (`node services/harvester/dist/main.js`). */
  command: string;
  summary: string;
  schema: z.ZodType;
}

/** Text for a table cell: pipes escaped, `<path>` kept visible, one line. */
const cell = (value: string): string =>
  value.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');

/**
 * The env reference as Markdown (infra/deploy/ENV.md): one table per service, every variable with
 * whether it is required or its default, whether it is a secret, and its description.
 */
export function envReferenceMarkdown(entries: readonly EnvReferenceEntry[], intro: string): string {
  const sections = entries.map((entry) => {
    const rows = envVariables(entry.schema).map((v) => {
      const need = v.required
        ? '**required**'
        : v.default === undefined
          ? 'optional'
          : `\`${cell(v.default)}\``;
      return `| \`${v.name}\` | ${need} | ${v.secret ? 'secret' : ''} | ${cell(v.description)} |`;
    });
    return [
      `## ${entry.service}`,
      '',
      `\`${entry.command}\`: ${entry.summary}`,
      '',
      '| variable | required / default | secret | description |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  });
  return `${intro.trim()}\n\n${sections.join('\n')}`;
}
