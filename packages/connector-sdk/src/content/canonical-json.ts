import { AimsError, canonicalJson } from '@aims/core';

/** Canonical JSON text is handed out in pieces of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * RFC 8785 (JCS) canonical JSON of `value`, the same text as `canonicalJson` from `@aims/core`
 * (which serialises every scalar here, through the `canonicalize` package), but produced piece by
 * piece: objects and arrays are walked here, so a large value (an SPDX document) is never turned
 * into one string. Keys are sorted by UTF-16 code units; `undefined` and symbol properties are
 * left out, and become `null` in arrays; `toJSON` is honoured. A cycle or a value without a JSON
 * form (NaN, Infinity, a function at the top) throws `not_canonicalizable`, as `canonicalJson` does.
 */
export function* canonicalJsonChunks(value: unknown): Generator<string> {
  let pending = '';
  for (const piece of walk(value, new Set())) {
    pending += piece;
    if (pending.length >= CHUNK_CHARS) {
      yield pending;
      pending = '';
    }
  }
  if (pending.length > 0) yield pending;
}

function* walk(value: unknown, ancestors: Set<object>): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield canonicalJson(value);
    return;
  }
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function') {
    yield* walk((withJson.toJSON as () => unknown).call(value), ancestors);
    return;
  }
  if (ancestors.has(value))
    throw new AimsError('not_canonicalizable', 'value cannot be canonicalised: it contains a cycle');
  ancestors.add(value);
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const item: unknown = value[i];
      yield* walk(item === undefined || typeof item === 'symbol' ? null : item, ancestors);
    }
    yield ']';
  } else {
    const record = value as Record<string, unknown>;
    yield '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* walk(item, ancestors);
    }
    yield '}';
  }
  ancestors.delete(value);
}
