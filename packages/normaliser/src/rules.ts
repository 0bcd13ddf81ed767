import { API_SOURCE, ARTIFACT_KINDS, checkRawRecord, RAW_RECORD_MAX_BYTES } from '@aims/core';
import type { DecodeRules } from './decode.js';

/** Default record size limit: the raw topic's, 256 KiB (content lives in the blob store). */
export const defaultMaxRecordBytes = RAW_RECORD_MAX_BYTES;

/** Decode rules backed by the compiled contract validators of `@aims/core`. */
export function contractDecodeRules(options: {
  knownConnectors: Iterable<string>;
  maxRecordBytes?: number;
}): DecodeRules {
  return {
    maxRecordBytes: options.maxRecordBytes ?? defaultMaxRecordBytes,
    // The API's own records (internal audits, findings, corrective actions) come from no connector.
    knownConnectors: new Set([...options.knownConnectors, API_SOURCE.connector]),
    knownKinds: new Set<string>(ARTIFACT_KINDS),
    validate(value) {
      const result = checkRawRecord(value);
      if (result.ok) return { ok: true, record: result.value };
      const details = result.error.details ?? [{ path: '', message: result.error.message }];
      return { ok: false, errors: details };
    },
  };
}
