// A chunk server's side of moving chunks. Put: a replica reads a chunk's
// frames, forwards each one down the chain as it arrives (GFS pipelining),
// verifies and persists its own copy, and answers once the rest of the chain
// has answered, with every replica that holds the chunk durably and every one
// that failed. Get: a replica sends a chunk, or part of one, it has verified.
// A transfer whose caller goes away (a hedged read that lost, a write placed
// around a stalled hop, Ctrl-C) ends at once, down the rest of the chain.
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'
import { ChunkGetHeader, ChunkGetRequest, ChunkPutHeader, ChunkPutResult, type ChunkFailure, type Server } from '../../../protocols/dfs/dfs.js'
import { chunkBuffers } from '../../../protocols/dfs/buffer-pool.js'
import { parseChunkId } from '../../../protocols/dfs/chunk-id.js'
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js'
import { CHUNK_GET_PROTOCOL, CHUNK_PUT_PROTOCOL, type LocalChunkGet, type LocalChunkPut, chunkStream, readChunkBytes, readMessage, remoteClosed, serverAddrs, writeChunkBytes, type LpStream } from '../../../protocols/dfs/wire.js'
import { openBulkStream } from '../../peer/lanes.js'
import type { Fence } from '../../peer/fence.js'
import { describeError, type Logger } from '../../peer/log.js'
import type { PeerNode } from '../../peer/node.js'
import { CodedError } from '../../peer/errors.js'
import { ProtocolViolation, reset, type Handlers } from '../../peer/rpc.js'
import { CorruptChunkError, failureCode, type ChunkStore } from './chunk-store.js'

/** Longer chains are refused: replication factors are small. */
const MAX_CHAIN = 16
const TRANSFER_TIMEOUT_MS = 120_000
/** Puts and gets at once on one connection; each holds at most one chunk in memory. */
const MAX_STREAMS_PER_CONNECTION = 16

export interface TransferContext {
  node: PeerNode
  store: ChunkStore
  /** Learns the master term a put was placed under (see ChunkPutHeader.masterTerm). */
  fence: Fence
  log: Logger
  /** Called as each put or get starts and ends. */
  onActivity?: () => void
}

/** The next replica of a chain, fed frame by frame; its failure is recorded, never thrown. */
class Downstream {
  private lp?: LpStream
  private stream?: Stream
  failure?: string

  constructor (readonly server: Server) {}

  async open (context: TransferContext, header: ChunkPutHeader, signal: AbortSignal): Promise<void> {
    await this.attempt(async () => {
      this.stream = await openBulkStream(context.node, serverAddrs(this.server), CHUNK_PUT_PROTOCOL, signal)
      this.lp = chunkStream(this.stream)
      await this.lp.write(ChunkPutHeader.encode(header), { signal })
    })
  }

  async forward (frame: Uint8ArrayList, signal: AbortSignal): Promise<void> {
    await this.attempt(async () => { await this.lp?.write(frame, { signal }) })
  }

  async forwardAll (bytes: Uint8Array, signal: AbortSignal): Promise<void> {
    await this.attempt(async () => { if (this.lp != null) await writeChunkBytes(this.lp, bytes, signal) })
  }

  async finish (signal: AbortSignal): Promise<ChunkPutResult> {
    let result: ChunkPutResult = { stored: [], failed: [] }
    await this.attempt(async () => {
      if (this.lp == null) return
      result = await readMessage(this.lp, ChunkPutResult, 'chunk put result', signal)
      await this.stream?.close({ signal })
    })
    if (this.failure !== undefined) return { stored: [], failed: [{ id: this.server.id, message: this.failure, error: '' }] }
    return result
  }

  private async attempt (step: () => Promise<void>): Promise<void> {
    if (this.failure !== undefined) return
    try {
      await step()
    } catch (err) {
      this.failure = describeError(err)
      if (this.stream != null) reset(this.stream, err)
    }
  }
}

export async function servePut (handlers: Handlers, context: TransferContext): Promise<void> {
  await handlers.handle(CHUNK_PUT_PROTOCOL, async (stream, _connection, signal) => {
    const lp = chunkStream(stream)
    const header = await readMessage(lp, ChunkPutHeader, 'chunk put header', signal)
    const result = await storeDownChain(context, header, signal, async downstream => {
      const bytes = await readChunkBytes(lp, header.size, signal, async frame => { await downstream?.forward(frame, signal) })
      return { bytes, release: true }
    })
    await lp.write(ChunkPutResult.encode(result), { signal })
    await stream.close({ signal })
  }, { log: context.log, maxInboundStreams: MAX_STREAMS_PER_CONNECTION, timeoutMs: TRANSFER_TIMEOUT_MS })
  const local: LocalChunkPut = async (header, bytes, signal) => await storeDownChain(context, header, signal, async downstream => {
    if (bytes.length !== header.size) throw new ProtocolViolation(`chunk of ${bytes.length} bytes; the header says ${header.size}`)
    await downstream?.forwardAll(bytes, signal)
    return { bytes, release: false }
  })
  handlers.local(CHUNK_PUT_PROTOCOL, local)
}

/**
 * Stores a chunk here and down the rest of its chain: `receive` takes the
 * bytes (forwarding them as they come) and says whether their buffer is ours
 * to release. Resolves with every server that stored it and every one that failed.
 */
async function storeDownChain (
  context: TransferContext,
  header: ChunkPutHeader,
  signal: AbortSignal,
  receive: (downstream: Downstream | undefined) => Promise<{ bytes: Uint8Array, release: boolean }>
): Promise<ChunkPutResult> {
  const self = context.node.peerId.toString()
  context.onActivity?.()
  try {
    const cid = parseChunkId(header.cid)
    if (header.size > MAX_CHUNK_SIZE) throw new ProtocolViolation(`chunk of ${header.size} bytes; the limit is ${MAX_CHUNK_SIZE}`)
    if (header.chain.length > MAX_CHAIN || header.chain.some(s => s.id === self)) throw new ProtocolViolation('bad replica chain')
    // Before the chunk is stored: a delete from an older master must not remove what a newer one placed.
    context.fence.observe('master', header.masterTerm)
    const [next, ...rest] = header.chain
    const downstream = next === undefined ? undefined : new Downstream(next)
    await downstream?.open(context, { ...header, chain: rest }, signal)
    const { bytes, release } = await receive(downstream)
    const failed: ChunkFailure[] = []
    const stored: string[] = []
    try {
      await context.store.put(cid, bytes)
      stored.push(self)
    } catch (err) {
      failed.push({ id: self, message: describeError(err), error: failureCode(err) })
    } finally {
      if (release) chunkBuffers.release(bytes)
    }
    const below = await downstream?.finish(signal) ?? { stored: [], failed: [] }
    return { stored: [...stored, ...below.stored], failed: [...failed, ...below.failed] }
  } finally {
    context.onActivity?.()
  }
}

export async function serveGet (handlers: Handlers, context: TransferContext): Promise<void> {
  await handlers.handle(CHUNK_GET_PROTOCOL, async (stream, _connection, signal) => {
    context.onActivity?.()
    const lp = chunkStream(stream)
    try {
      const request = await readMessage(lp, ChunkGetRequest, 'chunk get request', signal)
      const header: ChunkGetHeader = { error: '', message: '', size: 0 }
      let bytes: Uint8Array | undefined
      try {
        bytes = await readStored(context.store, request)
      } catch (err) {
        if (!(err instanceof CodedError)) throw err
        Object.assign(header, { error: err.code, message: err.message })
      }
      header.size = bytes?.length ?? 0
      await lp.write(ChunkGetHeader.encode(header), { signal })
      if (bytes !== undefined) await writeChunkBytes(lp, bytes, signal)
      await stream.close({ signal })
      // Sent bytes may wait, unencrypted, in the connection's queue: the buffer
      // is free for reuse only once the reader has them all and closes. (A
      // reader that closed before all was sent proves nothing.)
      const closedEarly = stream.remoteWriteStatus === 'closed'
      if (bytes !== undefined && !closedEarly && await remoteClosed(stream, signal)) chunkBuffers.release(bytes)
    } finally {
      context.onActivity?.()
    }
  }, { log: context.log, maxInboundStreams: MAX_STREAMS_PER_CONNECTION, timeoutMs: TRANSFER_TIMEOUT_MS })
  // The bytes go to a caller on this peer, which keeps them: they never return to the pool.
  const local: LocalChunkGet = async request => await readStored(context.store, request)
  handlers.local(CHUNK_GET_PROTOCOL, local)
}

/** A verified chunk, or part of one; a refusal is NOT_FOUND, CORRUPT or BAD_REQUEST. */
async function readStored (store: ChunkStore, request: ChunkGetRequest): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined
  try {
    const cid = parseChunkId(request.cid)
    bytes = request.whole ? await store.get(cid) : await store.getRange(cid, request.offset, request.length)
  } catch (err) {
    throw new CodedError(err instanceof CorruptChunkError ? 'CORRUPT' : 'BAD_REQUEST', describeError(err))
  }
  if (bytes === undefined) throw new CodedError('NOT_FOUND', `chunk ${request.cid} is not on this server`)
  return bytes
}
