import type { Catalogue } from '@aims/catalogue';
import type { ArtifactVersion } from '@aims/core';
import type { Stored } from './store.js';

/**
 * Recovers change events lost by a crash between the catalogue commit and the event publish.
 *
 * A redelivered record finds its version already stored (`unchanged` or `stale`). When the current
 * version was collected at the record's own observation time and carries its content, that
 * version came from this very record (or an identical observation), so its change event is
 * published again: consumers see every change at least once. Costs one bulk read, and only for
 * batches with re-observed records.
 */
export async function recoverCreated(catalogue: Catalogue, stored: Stored[]): Promise<Stored[]> {
  const candidates = stored.filter((s) => s.outcome.status === 'unchanged' || s.outcome.status === 'stale');
  if (candidates.length === 0) return stored;
  const current = new Map<string, ArtifactVersion>();
  for (const version of await catalogue.getArtifacts([...new Set(candidates.map((c) => c.outcome.key))])) {
    current.set(version.key, version);
  }
  return stored.map((s) => {
    if (s.outcome.status !== 'unchanged' && s.outcome.status !== 'stale') return s;
    const version = current.get(s.outcome.key);
    if (!version || !producedBy(version, s)) return s;
    return { item: s.item, outcome: { ...s.outcome, status: 'created', created: version } };
  });
}

function producedBy(version: ArtifactVersion, s: Stored): boolean {
  const write = s.item.write;
  if (version.collectedAt !== s.item.record.observedAt) return false;
  if ('op' in write) return version.tombstone;
  return !version.tombstone && version.contentHash === write.contentHash;
}
