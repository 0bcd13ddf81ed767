import type { ApiSchema, ArtifactKind } from '@aims/core';
import type { AgainstEvidenceRef, EvidenceRef, StaleEvidenceRef } from '@aims/scoring';

export type Titles = ReadonlyMap<string, string>;

/** A cited version as the API shows it: titled, with why it is stale or from when it counts against. */
export function evidenceRef(
  ref: EvidenceRef | StaleEvidenceRef | AgainstEvidenceRef,
  titles: Titles,
): ApiSchema<'EvidenceRef'> {
  const out: ApiSchema<'EvidenceRef'> = {
    key: ref.key,
    version: ref.version,
    kind: ref.kind as ArtifactKind,
    effectiveAt: ref.effectiveAt,
  };
  const title = titles.get(ref.key);
  if (title !== undefined) out.title = title;
  if ('expiresAt' in ref && ref.expiresAt !== undefined) out.expiresAt = ref.expiresAt;
  if ('reason' in ref) {
    out.staleReason = ref.reason;
    out.staleSince = ref.expiredAt;
    if (ref.message !== undefined) out.note = ref.message;
  }
  if ('countsFrom' in ref && ref.countsFrom !== undefined) out.countsFrom = ref.countsFrom;
  if ('unreadable' in ref && ref.unreadable !== undefined)
    out.note = `source unreadable: ${ref.unreadable.message}`;
  return out;
}
