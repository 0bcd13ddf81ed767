const REDACTED = '[REDACTED]';

/** URLs in free text: a scheme, `://`, then anything up to whitespace, a quote or a bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()[\]{}]+/gi;

/**
 * Query parameters that carry credentials (after an `x-amz-`, `x-goog-` or `x-` prefix): the
 * signatures of presigned URLs, tokens, keys, passwords, OAuth codes.
 */
const SECRET_PARAM =
  /^(?:sig|signature|security-token|credential|token|[a-z]+[-_]token|auth|api[-_]?key|apikey|key|[a-z]*[-_]?secret|password|passwd|pwd|code|session|awsaccesskeyid)$/;
const isSecretParam = (name: string) =>
  SECRET_PARAM.test(name.toLowerCase().replace(/^x-(?:amz-|goog-)?/, ''));

/** Tokens with a recognisable shape (GitHub's, Slack's, AWS access key ids, JWTs). */
const TOKEN_SHAPES = [
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g,
];

function scrubUrl(match: string): string {
  let url: URL;
  try {
    url = new URL(match);
  } catch {
    return match;
  }
  let changed = false;
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
    changed = true;
  }
  for (const name of [...new Set(url.searchParams.keys())]) {
    if (isSecretParam(name)) {
      url.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  // Unchanged URLs keep their exact spelling (URL would normalise it).
  return changed ? url.toString() : match;
}

/**
 * Text without the credentials it may carry: user and password in URLs, the signature, token and
 * key parameters of presigned or tokenised URLs (`X-Amz-Signature`, `sig`, `access_token`...),
 * and tokens of well-known shapes (GitHub, Slack, AWS access key ids, JWTs). Everything else is
 * left exactly as it was.
 */
export function scrubText(text: string): string {
  let out = text.includes('://') ? text.replace(URL_IN_TEXT, scrubUrl) : text;
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** A deep copy of a JSON-like value with every string passed through {@link scrubText}. */
export function scrubValue<T>(value: T): T {
  return scrub(value, new Set()) as T;
}

function scrub(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  // A cycle is left for the serialiser to refuse.
  if (ancestors.has(value)) return value;
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((item) => scrub(item, ancestors));
  else {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = scrub(item, ancestors);
    out = copy;
  }
  ancestors.delete(value);
  return out;
}
