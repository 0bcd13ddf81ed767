import { createHash } from 'node:crypto';

/** Lower-case ASCII letters, digits and single hyphens; at most `max` characters; never empty. */
export function slug(text: string, max = 60): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const cut = ascii
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return cut === '' ? 'item' : cut;
}

const EXTENSIONS: Record<string, string> = {
  'application/json': 'json',
  'application/ld+json': 'json',
  'application/pdf': 'pdf',
  'application/xml': 'xml',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/x-ndjson': 'ndjson',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
  'image/webp': 'webp',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/markdown': 'md',
  'text/plain': 'txt',
  'text/xml': 'xml',
  'text/yaml': 'yaml',
};

/** The media type without parameters, lower-cased: `Text/Markdown; charset=utf-8` is `text/markdown`. */
export const essence = (mediaType: string): string => (mediaType.split(';')[0] ?? '').trim().toLowerCase();

/** A file extension for a media type; `bin` for types this table does not know. */
export function extensionFor(mediaType: string): string {
  return EXTENSIONS[essence(mediaType)] ?? 'bin';
}

/** Content a deflate pass shrinks: text, JSON, XML, YAML, SVG. Archives, images and PDFs do not. */
export function isCompressible(mediaType: string): boolean {
  const type = essence(mediaType);
  if (type.startsWith('text/')) return true;
  return /[/+](json|xml|yaml|x-yaml|x-ndjson|svg\+xml)$/.test(type) || type === 'image/svg+xml';
}

/**
 * The bag folder of an artifact: `evidence/<workspace>/<instance>/<external id slug>-<hash>`,
 * where the hash (12 hex digits of the key's SHA-256) keeps two keys with the same slug apart.
 * Only [a-z0-9-] appears, so the path is safe on every file system and in every URL.
 */
export function artifactFolder(key: string): string {
  const first = key.indexOf('/');
  const second = first < 0 ? -1 : key.indexOf('/', first + 1);
  const [workspace, instance, externalId] =
    second < 0 ? ['_', '_', key] : [key.slice(0, first), key.slice(first + 1, second), key.slice(second + 1)];
  const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
  return `evidence/${slug(workspace)}/${slug(instance)}/${slug(externalId)}-${digest}`;
}

/** The bag's base directory: `aims-bundle-<workspace>-<asOf, compact UTC>`. */
export function bagName(workspace: string, asOf: string): string {
  const iso = new Date(asOf).toISOString().replace(/\.000Z$/, 'Z');
  return `aims-bundle-${slug(workspace, 40)}-${iso.replace(/[-:]/g, '').replace('.', '')}`;
}
