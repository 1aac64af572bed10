// Moving one chunk over a stream, for clients and chunk servers alike: a put
// sends a header then the bytes as length-prefixed frames of at most 1 MiB and
// reads one result; a get sends a request and reads a header then the frames.
// One chunk per stream keeps memory bounded by the chunk size on both sides:
// the writer waits for 'drain' (lpStream does), and a reader never holds more
// than the one chunk it asked for.
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'
import { ChunkGetHeader, ChunkGetRequest, ChunkPutHeader, ChunkPutResult, type MasterRequest, type MasterResponse, type Server } from './dfs.js'
import { chunkBuffers } from './buffer-pool.js'
import { MAX_CHUNK_SIZE } from './limits.js'
import { openBulkStream } from '../../src/peer/lanes.js'
import { CodedError } from '../../src/peer/errors.js'
import { decodeOrThrow, dialAddrs, localService, ProtocolViolation, reset, type Codec } from '../../src/peer/rpc.js'

export const CHUNK_PUT_PROTOCOL = '/shoal/dfs/chunk/put/1.0.0'
export const CHUNK_GET_PROTOCOL = '/shoal/dfs/chunk/get/1.0.0'
export const FRAME_BYTES = 1024 * 1024
/** Headers, requests and results: small messages. */
export const MAX_CHUNK_MESSAGE = 256 * 1024
// A reader's buffer may hold a whole chunk the writer pushed before the reader ran.
const MAX_STREAM_BUFFER = MAX_CHUNK_SIZE + 2 * FRAME_BYTES
const CHUNK_TIMEOUT_MS = 60_000

export type LpStream = ReturnType<typeof lpStream>

export function chunkStream (stream: Stream): LpStream {
  return lpStream(stream, { maxDataLength: FRAME_BYTES, maxBufferSize: MAX_STREAM_BUFFER })
}

export async function readMessage<T> (lp: LpStream, codec: Codec<T>, what: string, signal: AbortSignal): Promise<T> {
  const bytes = await lp.read({ signal })
  if (bytes.byteLength > MAX_CHUNK_MESSAGE) throw new ProtocolViolation(`${what} of ${bytes.byteLength} bytes is over the cap`)
  return decodeOrThrow(codec, bytes, what)
}

/** Writes `bytes` as frames; each write waits while the stream is backed up. */
export async function writeChunkBytes (lp: LpStream, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  for (let offset = 0; offset < bytes.length; offset += FRAME_BYTES) {
    await lp.write(bytes.subarray(offset, offset + FRAME_BYTES), { signal })
  }
}

/** Exactly `size` bytes of frames, as they arrive; more than announced is a protocol violation. */
async function * chunkFrames (lp: LpStream, size: number, signal: AbortSignal): AsyncGenerator<Uint8ArrayList> {
  let received = 0
  while (received < size) {
    const frame = await lp.read({ signal })
    if (frame.byteLength === 0 || received + frame.byteLength > size) throw new ProtocolViolation(`chunk frames overrun the announced ${size} bytes`)
    received += frame.byteLength
    yield frame
  }
}

/**
 * Reads exactly `size` bytes of frames into one buffer, handing each frame to
 * `onFrame` as it arrives (a chain replica forwards it before the rest comes).
 * The buffer comes from `chunkBuffers`: release it there once done, if it is
 * not kept.
 */
export async function readChunkBytes (lp: LpStream, size: number, signal: AbortSignal, onFrame?: (frame: Uint8ArrayList) => Promise<void>): Promise<Uint8Array> {
  // Every byte is written before the buffer is used: no need to zero it.
  const bytes = chunkBuffers.take(size)
  let offset = 0
  try {
    for await (const frame of chunkFrames(lp, size, signal)) {
      for (const piece of frame) {
        bytes.set(piece, offset)
        offset += piece.length
      }
      await onFrame?.(frame)
    }
  } catch (err) {
    chunkBuffers.release(bytes)
    throw err
  }
  return bytes
}

/**
 * Reads exactly `size` bytes of frames, keeping the pieces they arrived in
 * (no copy: nothing else holds them), calling `onFrame` as each arrives.
 */
export async function readChunkPieces (lp: LpStream, size: number, signal: AbortSignal, onFrame?: () => void): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = []
  for await (const frame of chunkFrames(lp, size, signal)) {
    pieces.push(...frame)
    onFrame?.()
  }
  return pieces
}

/** Pieces joined into one buffer from `chunkBuffers`. */
export function joinPieces (pieces: readonly Uint8Array[]): Buffer {
  const bytes = chunkBuffers.take(pieces.reduce((sum, piece) => sum + piece.length, 0))
  let offset = 0
  for (const piece of pieces) {
    bytes.set(piece, offset)
    offset += piece.length
  }
  return bytes
}

/**
 * Waits until the remote closes its end of `stream` cleanly (true) or the
 * stream ends otherwise or `signal` fires (false).
 */
export async function remoteClosed (stream: Stream, signal: AbortSignal): Promise<boolean> {
  const closedCleanly = (): boolean => stream.remoteWriteStatus === 'closed' && stream.status !== 'aborted' && stream.status !== 'reset'
  if (stream.remoteWriteStatus === 'closed' || stream.status !== 'open' || signal.aborted) return closedCleanly()
  await new Promise<void>(resolve => {
    const done = (): void => {
      stream.removeEventListener('remoteCloseWrite', done)
      stream.removeEventListener('close', done)
      signal.removeEventListener('abort', done)
      resolve()
    }
    stream.addEventListener('remoteCloseWrite', done)
    stream.addEventListener('close', done)
    signal.addEventListener('abort', done)
  })
  return closedCleanly()
}

/** Where to dial a chunk server. */
export const serverAddrs: (server: Pick<Server, 'id' | 'addrs'>) => Multiaddr[] = dialAddrs

export type Target = PeerId | Multiaddr[]

function timeout (signal?: AbortSignal): AbortSignal {
  const limit = AbortSignal.timeout(CHUNK_TIMEOUT_MS)
  return signal == null ? limit : AbortSignal.any([signal, limit])
}

/** A chunk server's put for a caller on its own peer: the header and the whole chunk, answered as the wire would. */
export type LocalChunkPut = (header: ChunkPutHeader, bytes: Uint8Array, signal: AbortSignal) => Promise<ChunkPutResult>
/** A chunk server's get for a caller on its own peer; a refusal throws the code the wire would carry. */
export type LocalChunkGet = (request: ChunkGetRequest, signal: AbortSignal) => Promise<Uint8Array>

/** Puts a chunk to `target`, which stores it and forwards it down `chain`; resolves with who stored it. */
export async function putChunk (node: Libp2p<any>, target: Target, header: ChunkPutHeader, bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<ChunkPutResult> {
  const signal = timeout(options.signal)
  const local = localService<LocalChunkPut>(node, target, CHUNK_PUT_PROTOCOL)
  if (local != null) return await local(header, bytes, signal)
  const stream = await openBulkStream(node, target, CHUNK_PUT_PROTOCOL, signal)
  const lp = chunkStream(stream)
  try {
    await lp.write(ChunkPutHeader.encode(header), { signal })
    await writeChunkBytes(lp, bytes, signal)
    const result = await readMessage(lp, ChunkPutResult, 'chunk put result', signal)
    await stream.close({ signal })
    return result
  } catch (err) {
    reset(stream, err)
    throw err
  }
}

/**
 * Fetches a chunk, or `length` bytes of it from `offset`, from `target`, as
 * the pieces it arrived in; `onProgress` hears of the header and each frame
 * as they come. The caller verifies whole chunks.
 */
export async function getChunk (node: Libp2p<any>, target: Target, request: ChunkGetRequest, options: { signal?: AbortSignal, onProgress?: () => void } = {}): Promise<Uint8Array[]> {
  const signal = timeout(options.signal)
  const local = localService<LocalChunkGet>(node, target, CHUNK_GET_PROTOCOL)
  if (local != null) {
    const bytes = await local(request, signal)
    options.onProgress?.()
    return [bytes]
  }
  const stream = await openBulkStream(node, target, CHUNK_GET_PROTOCOL, signal)
  const lp = chunkStream(stream)
  try {
    await lp.write(ChunkGetRequest.encode(request), { signal })
    const header = await readMessage(lp, ChunkGetHeader, 'chunk get header', signal)
    options.onProgress?.()
    // A chunk server refused or failed a get: NOT_FOUND, CORRUPT, BAD_REQUEST.
    if (header.error !== '') throw new CodedError(header.error, header.message)
    if (header.size > MAX_CHUNK_SIZE) throw new ProtocolViolation(`chunk of ${header.size} bytes announced`)
    const pieces = await readChunkPieces(lp, header.size, signal, options.onProgress)
    await stream.close({ signal })
    return pieces
  } catch (err) {
    reset(stream, err)
    throw err
  }
}

export const DFS_MASTER_PROTOCOL = '/shoal/dfs/master/2.0.0'
/** A stat of a file of many chunks is one answer. */
export const MAX_MASTER_RESPONSE_BYTES = 64 * 1024 * 1024

/** The master's operations: a request names one, and its answer comes in the response field of the same name. */
export const MASTER_OPS = ['session', 'prepare', 'place', 'hold', 'commit', 'append', 'stat', 'list', 'rm', 'mv', 'mkdir'] as const satisfies ReadonlyArray<keyof MasterRequest & keyof MasterResponse>
export type MasterOp = typeof MASTER_OPS[number]
export type MasterOpRequest<Op extends MasterOp> = NonNullable<MasterRequest[Op]>
export type MasterOpResult<Op extends MasterOp> = NonNullable<MasterResponse[Op]>

/** The op a request names, or undefined for a request that names none (from a newer or broken client). */
export function masterOpOf (request: MasterRequest): MasterOp | undefined {
  return MASTER_OPS.find(op => request[op] != null)
}

/** A master's command (replicate, delete) may move a whole chunk between servers. */
export const CHUNK_COMMAND_TIMEOUT_MS = 60_000
/** How long a lookup of a chunk's providers in the DHT may take; on a swarm's own network an answer comes in milliseconds. */
export const PROVIDER_LOOKUP_MS = 5_000
export const CHUNK_COMMAND_PROTOCOL = '/shoal/dfs/command/1.0.0'
export const CHUNK_REPORT_PROTOCOL = '/shoal/dfs/report/1.0.0'
