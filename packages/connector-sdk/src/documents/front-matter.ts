import { parseAllDocuments, parseDocument } from 'yaml';
import { ConnectorError } from '../errors.js';

export type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The file line (1-based) of a YAML error, given the file line the YAML text starts on. */
function errorLine(error: { linePos?: ReadonlyArray<{ line: number }> } | undefined, firstLine: number) {
  const line = error?.linePos?.[0]?.line;
  return line === undefined ? undefined : line + firstLine - 1;
}

function yamlError(
  where: string,
  error: (Error & { linePos?: ReadonlyArray<{ line: number }> }) | undefined,
  firstLine: number,
): ConnectorError {
  const line = errorLine(error, firstLine);
  // yaml's own position counts from the start of the YAML text; the file line is given instead.
  const head = ((error?.message ?? 'parse error').split('\n', 1)[0] ?? '').replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  return new ConnectorError(
    'malformed_payload',
    `invalid YAML in ${where}${line === undefined ? '' : ` at line ${line}`}: ${head}`,
    { cause: error, ...(line === undefined ? {} : { context: { line } }) },
  );
}

function parseYaml(text: string, where: string, firstLine = 1): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw yamlError(where, doc.errors[0], firstLine);
  return doc.toJS();
}

/** The 1-based line of the first `key:` at the start of a line in text, if any. */
export function lineOfKey(text: string, key: string): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
  return index < 0 ? undefined : index + 1;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits markdown `---` front matter from the body; `data` is undefined when there is none. */
export function splitFrontMatter(text: string, where: string): { data: Mapping | undefined; body: string } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const match = FENCE.exec(source);
  if (!match) return { data: undefined, body: source };
  // The YAML starts on the line after the opening fence.
  const parsed = parseYaml(match[1] ?? '', `the front matter of ${where}`, 2);
  if (parsed !== null && parsed !== undefined && !isMapping(parsed)) {
    throw new ConnectorError('malformed_payload', `the front matter of ${where} must be a mapping`);
  }
  return { data: (parsed as Mapping | null) ?? {}, body: source.slice(match[0].length) };
}

/**
 * Evidence metadata of a YAML document: the top-level `evidence` mapping; or the first document
 * of a multi-document file; or the top-level keys of a single mapping.
 */
export function yamlMetadata(text: string, where: string): { meta: Mapping; explicit: boolean } | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return undefined;
  for (const doc of docs) {
    if (doc.errors.length > 0) throw yamlError(where, doc.errors[0], 1);
  }
  const first = docs[0]?.toJS() as unknown;
  if (!isMapping(first)) return undefined;
  if (isMapping(first.evidence)) return { meta: first.evidence, explicit: true };
  return { meta: first, explicit: docs.length > 1 };
}

/** Parses a `<file>.meta.yaml` sidecar. */
export function parseSidecar(text: string, where: string): Mapping {
  const parsed = parseYaml(text, where);
  if (parsed === null || parsed === undefined) return {};
  if (!isMapping(parsed)) throw new ConnectorError('malformed_payload', `${where} must be a YAML mapping`);
  return parsed;
}

/** First markdown `# heading`, used as a title when the front matter has none. */
export function firstHeading(body: string): string | undefined {
  const match = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body);
  return match?.[1]?.trim() || undefined;
}
