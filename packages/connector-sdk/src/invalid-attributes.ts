import type { ErrorDetail } from '@aims/core';
import { ConnectorError } from './errors.js';
import type { SkippedObject, UpsertDraft } from './record.js';

const PREFIX = '/attributes';

/** `encryption.enabled` for `/attributes/encryption/enabled`. */
const attributeName = (path: string) =>
  path
    .slice(PREFIX.length + 1)
    .split('/')
    .join('.') || 'attributes';

/**
 * When every problem of an invalid upsert lies in its attributes (the source stated something its
 * kind's schema refuses, such as an approval date of "last spring"), the one object cannot be
 * read: the error names it by its path (else its external id) and the line where the first
 * offending attribute is stated, when the draft's origin knows it. Undefined for any other
 * problem, which is the connector's own fault and fails the slice.
 */
export function unreadableAttributes(
  draft: UpsertDraft,
  details: readonly ErrorDetail[] | undefined,
): { error: ConnectorError; object: SkippedObject } | undefined {
  const problems = details ?? [];
  const [first] = problems;
  if (first === undefined) return undefined;
  if (!problems.every((d) => d.path === PREFIX || d.path.startsWith(`${PREFIX}/`))) return undefined;
  const top = first.path.slice(PREFIX.length + 1).split('/')[0];
  const line = top === undefined || top === '' ? undefined : draft.origin?.lineOf?.(top);
  const path = draft.origin?.path;
  const shown = problems.slice(0, 3).map((d) => `${attributeName(d.path)} ${d.message}`);
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  const where = `${path ?? draft.externalId}${line === undefined ? '' : ` line ${line}`}`;
  const error = new ConnectorError('malformed_payload', `${where}: ${shown.join('; ')}${more}`, {
    details: [...problems],
    ...(line === undefined ? {} : { context: { line } }),
  });
  const object: SkippedObject = { externalId: draft.externalId };
  if (path !== undefined) object.path = path;
  if (line !== undefined) object.line = line;
  return { error, object };
}
