import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { ArtifactKind } from '../core-types.js';
import { ConnectorError } from '../errors.js';
import type { UpsertDraft } from '../record.js';
import { firstHeading, lineOfKey, type Mapping, splitFrontMatter, yamlMetadata } from './front-matter.js';

/** Kinds a document (file) can be evidence of. */
export const DOCUMENT_KINDS = [
  'policy.document',
  'procedure.document',
  'record.document',
  'ml.model-card',
  'ml.dataset',
  'audit.internal',
  'audit.finding',
  'audit.corrective-action',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const ALIASES: Record<string, DocumentKind> = {
  policy: 'policy.document',
  procedure: 'procedure.document',
  record: 'record.document',
  'model-card': 'ml.model-card',
  modelcard: 'ml.model-card',
  dataset: 'ml.dataset',
  audit: 'audit.internal',
  'internal-audit': 'audit.internal',
  finding: 'audit.finding',
  'audit-finding': 'audit.finding',
  'corrective-action': 'audit.corrective-action',
};

/** The id attribute of each audit kind; a document that states none is named by its file stem. */
const AUDIT_ID_ATTRIBUTE: Readonly<Record<string, string>> = {
  'audit.internal': 'auditId',
  'audit.finding': 'findingId',
  'audit.corrective-action': 'actionId',
};

/** Control and clause ids as text: YAML reads an unquoted clause such as 9.2 as a number. */
function idList(value: unknown): unknown {
  return Array.isArray(value) ? value.map((item) => (typeof item === 'number' ? String(item) : item)) : value;
}

/** A config rule giving files under a glob a kind and default metadata. First match wins. */
export interface PathRule {
  pattern: string;
  kind: DocumentKind;
  attributes?: Mapping;
  owner?: string;
  aiSystems?: string[];
}

export function resolveDocumentKind(value: unknown, where: string): DocumentKind | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if ((DOCUMENT_KINDS as readonly string[]).includes(text)) return text as DocumentKind;
  const alias = ALIASES[text.toLowerCase()];
  if (alias) return alias;
  throw new ConnectorError(
    'malformed_payload',
    `${where} names kind "${text}", which is not a document kind (${DOCUMENT_KINDS.join(', ')})`,
  );
}

export function matchRule(path: string, rules: readonly PathRule[]): PathRule | undefined {
  return rules.find((rule) => picomatch.isMatch(path, rule.pattern, { dot: true }));
}

export function mediaTypeOf(path: string): string | undefined {
  const ext = posix.extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'text/markdown';
  if (ext === '.yaml' || ext === '.yml') return 'application/yaml';
  if (ext === '.pdf') return 'application/pdf';
  return undefined;
}

const META_KEYS = new Set([
  'kind',
  'title',
  'owner',
  'effectiveDate',
  'effective_date',
  'effectiveAt',
  'aiSystems',
  'ai_systems',
  'aiSystem',
  'attributes',
  'evidence',
]);

function toIso(value: unknown, where: string, line: number | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date =
    value instanceof Date
      ? value
      : new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? `${String(value)}T00:00:00Z` : String(value));
  if (Number.isNaN(date.getTime()))
    throw new ConnectorError(
      'malformed_payload',
      `${where} has an invalid effective date "${String(value)}"${line === undefined ? '' : ` at line ${line}`}`,
      line === undefined ? {} : { context: { line } },
    );
  return date.toISOString();
}

/** Line of the first of `keys` in the document's own text (front matter or YAML), if found. */
function lineOf(text: string | undefined, keys: readonly string[]): number | undefined {
  if (text === undefined) return undefined;
  for (const key of keys) {
    const line = lineOfKey(text, key);
    if (line !== undefined) return line;
  }
  return undefined;
}

function toList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .map((v) => String(v).trim())
    .filter((v) => v.length > 0);
  return list.length > 0 ? [...new Set(list)] : undefined;
}

/** Attributes of a meta mapping: `attributes` plus any other non-meta scalar/list keys (markdown, sidecars). */
function attributesOf(meta: Mapping, includeTopLevel: boolean): Mapping {
  const out: Mapping = {};
  if (includeTopLevel) {
    for (const [key, value] of Object.entries(meta))
      if (!META_KEYS.has(key)) out[key] = value instanceof Date ? value.toISOString() : value;
  }
  if (typeof meta.attributes === 'object' && meta.attributes !== null) Object.assign(out, meta.attributes);
  return out;
}

function withDefaults(kind: DocumentKind, attrs: Mapping, path: string, title: string): Mapping {
  const stem = posix.basename(path).replace(/\.[^.]+$/, '');
  const base: Mapping = { ...attrs };
  if (kind === 'ml.dataset') return { name: stem, ...base };
  const idAttribute = AUDIT_ID_ATTRIBUTE[kind];
  if (idAttribute !== undefined) {
    base.path = path;
    base[idAttribute] ??= stem;
    if (base.controls !== undefined) base.controls = idList(base.controls);
    if (typeof base.scope === 'object' && base.scope !== null && !Array.isArray(base.scope)) {
      const scope = { ...(base.scope as Mapping) };
      for (const key of ['controls', 'clauses'])
        if (scope[key] !== undefined) scope[key] = idList(scope[key]);
      base.scope = scope;
    }
    return base;
  }
  base.path = path;
  if (kind === 'ml.model-card') return { model: title, ...base };
  base.approved = base.approved === true || base.approved === 'true';
  const typeKey =
    kind === 'policy.document' ? 'policyType' : kind === 'procedure.document' ? 'procedureType' : 'docType';
  base[typeKey] ??= 'other';
  return base;
}

export interface DocumentInput {
  /** Path used for rules, attributes and titles (relative, `/`-separated). */
  path: string;
  externalId: string;
  bytes: Uint8Array;
  sourceRevision?: string;
  url?: string;
  /** Parsed `<file>.meta.yaml`, if there is one. */
  sidecar?: Mapping;
  rules?: readonly PathRule[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Kinds that state their own effective date, kept as their `effectiveDate` attribute. */
const DATED_KINDS = new Set<string>(['policy.document', 'procedure.document', 'record.document']);

/**
 * Maps a document file to an upsert draft. Metadata precedence: front matter (markdown) or YAML
 * metadata, then the sidecar, then the first matching path rule. Returns undefined when nothing
 * gives the file a kind (it is not evidence). The date a policy, procedure or record states for
 * itself becomes its `effectiveAt` and its `effectiveDate` attribute (so rules can count freshness
 * from it); a document that states none gets neither, never its harvest time. The draft's origin
 * names the file and the line of each attribute in its own text, for reports of invalid ones.
 */
export function documentDraft(input: DocumentInput): UpsertDraft | undefined {
  const mediaType = mediaTypeOf(input.path) ?? 'application/octet-stream';
  const where = input.path;
  let inline: Mapping | undefined;
  // Whether every non-meta key of `inline` is an attribute (front matter) or only `attributes` is.
  let inlineAllKeys = true;
  let heading: string | undefined;
  let text: string | undefined;
  if (mediaType === 'text/markdown') {
    text = new TextDecoder().decode(input.bytes);
    const split = splitFrontMatter(text, where);
    inline = split.data;
    heading = firstHeading(split.body);
  } else if (mediaType === 'application/yaml') {
    text = new TextDecoder().decode(input.bytes);
    const found = yamlMetadata(text, where);
    inline = found?.meta;
    inlineAllKeys = found?.explicit ?? false;
  }
  const rule = matchRule(input.path, input.rules ?? []);
  const inlineKind = resolveDocumentKind(inline?.kind, where);
  const sidecarKind = resolveDocumentKind(input.sidecar?.kind, `${where}.meta.yaml`);
  const kind: ArtifactKind | undefined = inlineKind ?? sidecarKind ?? rule?.kind;
  if (kind === undefined) return undefined;
  const attrs: Mapping = {
    ...(rule?.attributes ?? {}),
    ...(input.sidecar ? attributesOf(input.sidecar, true) : {}),
    ...(inline ? attributesOf(inline, inlineAllKeys) : {}),
  };
  const pick = (key: string): unknown => inline?.[key] ?? input.sidecar?.[key];
  const title = String(pick('title') ?? heading ?? posix.basename(input.path));
  const draft: UpsertDraft = {
    externalId: input.externalId,
    kind: kind as DocumentKind,
    title,
    attributes: withDefaults(kind as DocumentKind, attrs, input.path, title),
    content: { sha256: sha256Hex(input.bytes), mediaType, size: input.bytes.byteLength },
    body: input.bytes,
    origin: {
      path: input.path,
      // A top-level key, or one under `attributes:` / `evidence:` (indented by two spaces).
      lineOf: (attribute) => lineOf(text, [attribute, `  ${attribute}`]),
    },
  };
  const owner = pick('owner') ?? rule?.owner;
  if (owner !== undefined && owner !== null) draft.owner = String(owner);
  const dateKeys = ['effectiveDate', 'effective_date', 'effectiveAt'];
  const effective = toIso(
    pick('effectiveDate') ?? pick('effective_date') ?? pick('effectiveAt'),
    where,
    lineOf(text, dateKeys) ??
      lineOf(
        text,
        dateKeys.map((k) => `  ${k}`),
      ),
  );
  if (effective) {
    draft.effectiveAt = effective;
    if (DATED_KINDS.has(kind)) draft.attributes = { ...draft.attributes, effectiveDate: effective };
  }
  const aiSystems = toList(pick('aiSystems') ?? pick('ai_systems') ?? pick('aiSystem')) ?? rule?.aiSystems;
  if (aiSystems) draft.aiSystems = aiSystems;
  if (input.sourceRevision !== undefined) draft.sourceRevision = input.sourceRevision;
  if (input.url !== undefined) draft.url = input.url;
  return draft;
}
