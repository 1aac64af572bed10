// Which shard a key lives in (DESIGN §6): a stable hash of its bytes mod the
// shard count. Clients and replica groups must agree on it forever, so the
// hash is FNV-1a (32-bit) and never changes; a string key hashes its UTF-8
// bytes, so a key is in the same shard whichever form it travels in.

export const SHARD_COUNT = 64

const FNV_OFFSET_BASIS = 0x811c9dc5
const FNV_PRIME = 0x01000193
const encoder = new TextEncoder()

export function shardOf (key: Uint8Array | string, count = SHARD_COUNT): number {
  const bytes = typeof key === 'string' ? encoder.encode(key) : key
  let hash = FNV_OFFSET_BASIS
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME)
  return (hash >>> 0) % count
}
