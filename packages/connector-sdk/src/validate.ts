import { ConnectorError } from './errors.js';
import type { RecordDraft } from './record.js';

/** Checks what the runner relies on before a draft becomes a raw record. */
export function validateDraft(draft: RecordDraft, where: string): RecordDraft {
  if (typeof draft.externalId !== 'string' || draft.externalId.length === 0) {
    throw new ConnectorError('malformed_payload', `${where} produced a record without an external id`);
  }
  if (draft.op === 'upsert' && (typeof draft.kind !== 'string' || draft.kind.length === 0)) {
    throw new ConnectorError(
      'malformed_payload',
      `${where} produced upsert ${draft.externalId} without a kind`,
    );
  }
  if (draft.op === 'upsert' && draft.streamed !== undefined) {
    if (draft.content !== undefined || draft.body !== undefined)
      throw new ConnectorError(
        'malformed_payload',
        `${where} produced upsert ${draft.externalId} with both streamed and described content`,
      );
    if (typeof draft.streamed.mediaType !== 'string' || draft.streamed.mediaType.length === 0)
      throw new ConnectorError(
        'malformed_payload',
        `${where} produced upsert ${draft.externalId} with streamed content of no media type`,
      );
  }
  return draft;
}
