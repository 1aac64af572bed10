// Cuts a byte stream into chunks of exactly `size` bytes (the last may be
// shorter), copying only what straddles a chunk boundary.

export async function * cutChunks (source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let chunk = Buffer.allocUnsafeSlow(size)
  let filled = 0
  for await (const piece of source) {
    let offset = 0
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset)
      chunk.set(piece.subarray(offset, offset + take), filled)
      filled += take
      offset += take
      if (filled === size) {
        yield chunk
        chunk = Buffer.allocUnsafeSlow(size)
        filled = 0
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled)
}
