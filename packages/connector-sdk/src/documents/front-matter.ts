import { parseAllDocuments, parseDocument } from 'yaml';
import { ConnectorError } from '../errors.js';

export type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function parseYaml(text: string, where: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConnectorError(
      'malformed_payload',
      `invalid YAML in ${where}: ${doc.errors[0]?.message ?? 'parse error'}`,
      {
        cause: doc.errors[0],
      },
    );
  }
  return doc.toJS();
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Splits markdown `---` front matter from the body; `data` is undefined when there is none. */
export function splitFrontMatter(text: string, where: string): { data: Mapping | undefined; body: string } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const match = FENCE.exec(source);
  if (!match) return { data: undefined, body: source };
  const parsed = parseYaml(match[1] ?? '', `the front matter of ${where}`);
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
    if (doc.errors.length > 0) {
      throw new ConnectorError(
        'malformed_payload',
        `invalid YAML in ${where}: ${doc.errors[0]?.message ?? 'parse error'}`,
      );
    }
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
