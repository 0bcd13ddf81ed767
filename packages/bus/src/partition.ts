/** FNV-1a 32-bit hash of the UTF-8 bytes of `key`. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The partition for a key: stable for a given key and partition count. */
export function partitionForKey(key: string, partitions: number): number {
  return hashKey(key) % partitions;
}
