import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '@aims/bus';
import type { UpsertOutcome } from '@aims/catalogue';
import { type ArtifactChangedEvent, type RawEvidenceRecord, versionJson } from '@aims/core';

/**
 * `aims.artifact.changed.v1` messages for the writes that created a version, keyed by artifact
 * key, in input order (so per-key order is kept).
 */
export function changedEventsOf(
  items: ReadonlyArray<{ item: { record: RawEvidenceRecord }; outcome: UpsertOutcome }>,
  changedAt: Date,
): OutgoingMessage[] {
  const at = changedAt.toISOString();
  const messages: OutgoingMessage[] = [];
  for (const { item, outcome } of items) {
    const artifact = outcome.created;
    if (outcome.status !== 'created' || !artifact) continue;
    const change: ArtifactChangedEvent['change'] = artifact.tombstone
      ? 'deleted'
      : artifact.version === 1
        ? 'created'
        : 'updated';
    // Spliced around the version's JSON text, which the catalogue already encoded for its row.
    const value = `{"eventId":"${randomUUID()}","change":"${change}","artifact":${versionJson(artifact)},"recordId":${JSON.stringify(item.record.recordId)},"changedAt":"${at}"}`;
    messages.push({ key: artifact.key, value });
  }
  return messages;
}
