import { createHash } from 'node:crypto';

/** The namespace of every UUID a bundle derives (itself a v5 UUID of the URL namespace). */
export const BUNDLE_NAMESPACE = uuidV5(
  'https://schemas.aims-evidence-mesh.dev/auditor-bundle',
  '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
);

/**
 * A name-based UUID, version 5 (RFC 9562 section 5.5): the first 16 bytes of SHA-1 over the
 * namespace's bytes and the name's UTF-8, with the version and variant bits set. The same name
 * always gives the same UUID, which keeps the OSCAL document reproducible.
 */
export function uuidV5(name: string, namespace: string = BUNDLE_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
