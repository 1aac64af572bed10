// Cuts a put's bytes into chunks of exactly `size` bytes (the last may be
// shorter). Each chunk is a buffer from `chunkBuffers`, for the consumer to
// release once done with it. A stream's pieces are copied into chunks; a
// local file is read straight into them.
import { open } from 'node:fs/promises'
import { chunkBuffers } from '../../protocols/dfs/buffer-pool.js'

/** Bytes that can cut themselves into chunks without a copy. */
export interface ChunkedSource {
  chunks: (size: number) => AsyncIterable<Uint8Array>
}

/** What a put or an append reads: a stream of pieces of any size, or a chunked source. */
export type ByteSource = AsyncIterable<Uint8Array> | ChunkedSource

function isChunked (source: ByteSource): source is ChunkedSource {
  return typeof (source as Partial<ChunkedSource>).chunks === 'function'
}

export function cutChunks (source: ByteSource, size: number): AsyncIterable<Uint8Array> {
  return isChunked(source) ? source.chunks(size) : cutStream(source, size)
}

async function * cutStream (source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let chunk = chunkBuffers.take(size)
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
        chunk = chunkBuffers.take(size)
        filled = 0
      }
    }
  }
  if (filled > 0) {
    yield chunk.subarray(0, filled)
  } else {
    chunkBuffers.release(chunk)
  }
}

/** A local file as a chunked source: each chunk is read from disk into its own buffer. */
export class LocalFile implements ChunkedSource {
  constructor (readonly path: string) {}

  async * chunks (size: number): AsyncGenerator<Uint8Array> {
    const file = await open(this.path, 'r')
    try {
      while (true) {
        const chunk = chunkBuffers.take(size)
        let filled = 0
        while (filled < size) {
          const { bytesRead } = await file.read(chunk, filled, size - filled, null)
          if (bytesRead === 0) break
          filled += bytesRead
        }
        if (filled === 0) {
          chunkBuffers.release(chunk)
          return
        }
        yield filled === size ? chunk : chunk.subarray(0, filled)
        if (filled < size) return
      }
    } finally {
      await file.close()
    }
  }
}
