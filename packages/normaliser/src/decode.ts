import type { DeadLetterReason } from '@aims/bus';
import type { RawEvidenceRecord } from '@aims/core';

/** Result of checking one raw message: the record, or why it goes to the dead-letter topic. */
export type Decoded = { ok: true; record: RawEvidenceRecord } | { ok: false; reason: DeadLetterReason };

export interface DecodeRules {
  /** Messages larger than this (bytes) are rejected with `payload_too_large`. */
  readonly maxRecordBytes: number;
  /** Connector ids the pipeline accepts. */
  readonly knownConnectors: ReadonlySet<string>;
  /** Artifact kinds the pipeline accepts. */
  readonly knownKinds: ReadonlySet<string>;
  /** Full schema validation (raw-evidence.v1 plus kind attributes). */
  readonly validate: (value: unknown) => ValidationOutcome;
}

export type ValidationOutcome =
  | { ok: true; record: RawEvidenceRecord }
  | { ok: false; errors: readonly { path: string; message: string }[] };

const stage = 'normaliser.validate';

function reject(
  code: string,
  message: string,
  details?: readonly { path: string; message: string }[],
): Decoded {
  const error = details ? { code, message, details: details.slice(0, 50) } : { code, message };
  return { ok: false, reason: { stage, error } };
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Checks one message of `aims.evidence.raw.v1`, cheapest test first: size, JSON, connector id,
 * kind, then the schema. Never throws: every failure is a rejection naming the problem.
 */
export function decodeRawMessage(value: Buffer | null, rules: DecodeRules): Decoded {
  if (value === null || value.length === 0) return reject('empty_message', 'message has no value');
  if (value.length > rules.maxRecordBytes) {
    return reject(
      'payload_too_large',
      `record is ${value.length} bytes, above the limit of ${rules.maxRecordBytes} bytes`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    return reject('malformed_json', `record is not valid JSON: ${(cause as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return reject('malformed_record', 'record is not a JSON object');
  }
  const connector = field(parsed, 'source', 'connector');
  if (typeof connector === 'string' && !rules.knownConnectors.has(connector)) {
    return reject('unknown_connector', `unknown connector id '${connector}'`, [
      { path: '/source/connector', message: `known: ${[...rules.knownConnectors].sort().join(', ')}` },
    ]);
  }
  const kind = field(parsed, 'kind');
  if (typeof kind === 'string' && !rules.knownKinds.has(kind)) {
    return reject('unknown_kind', `unknown artifact kind '${kind}'`, [
      { path: '/kind', message: 'not a kind of contracts/events/artifact-kind.schema.json' },
    ]);
  }
  const outcome = rules.validate(parsed);
  if (!outcome.ok) {
    const first = outcome.errors[0];
    const summary = first ? `${first.path || '/'} ${first.message}` : 'schema violation';
    return reject('schema_violation', `record violates raw-evidence.v1: ${summary}`, outcome.errors);
  }
  return { ok: true, record: outcome.record };
}
