import { toIso } from '../time.js';
import type { Entry } from './entries.js';
import type { AgainstEvidenceRef, EvidenceRef, StaleEvidenceRef } from './types.js';

/** The explanation record of a matching version; built once per entry (entries never change). */
export function ref(entry: Entry): EvidenceRef {
  if (entry.ref) return entry.ref;
  const { key, version, contentHash, kind, effectiveAt } = entry.artifact;
  // Never fresh (a missing date, an unreadable source): it expired when it took effect.
  const expiresAt = entry.exp === Number.NEGATIVE_INFINITY ? effectiveAt : toIso(entry.exp);
  entry.ref =
    expiresAt === undefined
      ? { key, version, contentHash, kind, effectiveAt }
      : { key, version, contentHash, kind, effectiveAt, expiresAt };
  return entry.ref;
}

export function staleRef(entry: Entry): StaleEvidenceRef {
  if (entry.staleRef) return entry.staleRef;
  const base = ref(entry);
  const expiredAt = base.expiresAt ?? base.effectiveAt;
  const reason = entry.reason ?? 'window';
  entry.staleRef =
    entry.message === undefined
      ? { ...base, expiredAt, reason }
      : { ...base, expiredAt, reason, message: entry.message };
  return entry.staleRef;
}

export function againstRef(entry: Entry): AgainstEvidenceRef {
  if (entry.againstRef) return entry.againstRef;
  const { key, version, contentHash, kind, effectiveAt, unreadable } = entry.artifact;
  const countsFrom = toIso(entry.exp);
  entry.againstRef = {
    key,
    version,
    contentHash,
    kind,
    effectiveAt,
    ...(countsFrom === undefined ? {} : { countsFrom }),
    ...(unreadable ? { unreadable: { code: unreadable.code, message: unreadable.message } } : {}),
  };
  return entry.againstRef;
}
