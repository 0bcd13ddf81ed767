import { randomUUID } from 'node:crypto';
import type { UpsertOutcome } from '@aims/catalogue';
import type { ArtifactChangedEvent, RawEvidenceRecord } from '@aims/core';

/**
 * `aims.artifact.changed.v1` events for the writes that created a version, in input order (so
 * per-key order is kept). The topic catalogue validates, keys and encodes them when published.
 */
export function changedEventsOf(
  items: ReadonlyArray<{ item: { record: RawEvidenceRecord }; outcome: UpsertOutcome }>,
  changedAt: Date,
): ArtifactChangedEvent[] {
  const at = changedAt.toISOString();
  const events: ArtifactChangedEvent[] = [];
  for (const { item, outcome } of items) {
    const artifact = outcome.created;
    if (outcome.status !== 'created' || !artifact) continue;
    const change: ArtifactChangedEvent['change'] = artifact.tombstone
      ? 'deleted'
      : artifact.version === 1
        ? 'created'
        : 'updated';
    events.push({ eventId: randomUUID(), change, artifact, recordId: item.record.recordId, changedAt: at });
  }
  return events;
}
