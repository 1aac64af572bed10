// Which shard a key lives in: a stable hash of its UTF-8 bytes.
export const SHARD_COUNT = 64

const encoder = new TextEncoder()

/** FNV-1a (32 bits) of the key's bytes, mod `count`. */
export function shardOf (key: Uint8Array | string, count = SHARD_COUNT): number {
  const bytes = typeof key === 'string' ? encoder.encode(key) : key
  let hash = 0x811c9dc5
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash % count
}
