import type { BundleVersion } from '../input.js';

/** A copy of a JSON value with every object's keys in code-point order. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * The bag file of a version that has no content of its own (a setting, a ticket, a model
 * version): what the catalogue knows of it, as indented JSON with sorted keys.
 */
export function versionRecord(version: BundleVersion): Buffer {
  const record: Record<string, unknown> = {
    key: version.key,
    version: version.version,
    kind: version.kind,
    title: version.title,
    url: version.url,
    owner: version.owner,
    collectedAt: version.collectedAt,
    effectiveAt: version.effectiveAt,
    expiresAt: version.expiresAt,
    contentHash: version.contentHash,
    tombstone: version.tombstone ?? false,
    attributes: version.attributes ?? {},
  };
  return Buffer.from(`${JSON.stringify(sortedKeys(record), null, 2)}\n`, 'utf8');
}
