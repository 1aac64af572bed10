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
import { CHUNK_GET_PROTOCOL, CHUNK_PUT_PROTOCOL, chunkStream, readChunkBytes, readMessage, remoteClosed, serverAddrs, writeChunkBytes, type LpStream } from '../../../protocols/dfs/wire.js'
import { openBulkStream } from '../../peer/lanes.js'
import type { Fence } from '../../peer/fence.js'
import { describeError, type Logger } from '../../peer/log.js'
import type { PeerNode } from '../../peer/node.js'
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
  const { node, store, log } = context
  const self = node.peerId.toString()
  await handlers.handle(CHUNK_PUT_PROTOCOL, async (stream, _connection, signal) => {
    context.onActivity?.()
    const lp = chunkStream(stream)
    try {
      const header = await readMessage(lp, ChunkPutHeader, 'chunk put header', signal)
      const cid = parseChunkId(header.cid)
      if (header.size > MAX_CHUNK_SIZE) throw new ProtocolViolation(`chunk of ${header.size} bytes; the limit is ${MAX_CHUNK_SIZE}`)
      if (header.chain.length > MAX_CHAIN || header.chain.some(s => s.id === self)) throw new ProtocolViolation('bad replica chain')
      // Before the chunk is stored: a delete from an older master must not remove what a newer one placed.
      context.fence.observe('master', header.masterTerm)
      const [next, ...rest] = header.chain
      const downstream = next === undefined ? undefined : new Downstream(next)
      await downstream?.open(context, { ...header, chain: rest }, signal)
      const bytes = await readChunkBytes(lp, header.size, signal, async frame => { await downstream?.forward(frame, signal) })
      const failed: ChunkFailure[] = []
      const stored: string[] = []
      try {
        await store.put(cid, bytes)
        stored.push(self)
      } catch (err) {
        failed.push({ id: self, message: describeError(err), error: failureCode(err) })
      } finally {
        chunkBuffers.release(bytes)
      }
      const below = await downstream?.finish(signal) ?? { stored: [], failed: [] }
      await lp.write(ChunkPutResult.encode({ stored: [...stored, ...below.stored], failed: [...failed, ...below.failed] }), { signal })
      await stream.close({ signal })
    } finally {
      context.onActivity?.()
    }
  }, { log, maxInboundStreams: MAX_STREAMS_PER_CONNECTION, timeoutMs: TRANSFER_TIMEOUT_MS })
}

export async function serveGet (handlers: Handlers, context: TransferContext): Promise<void> {
  const { store, log } = context
  await handlers.handle(CHUNK_GET_PROTOCOL, async (stream, _connection, signal) => {
    context.onActivity?.()
    const lp = chunkStream(stream)
    try {
      const request = await readMessage(lp, ChunkGetRequest, 'chunk get request', signal)
      const header: ChunkGetHeader = { error: '', message: '', size: 0 }
      let bytes: Uint8Array | undefined
      try {
        const cid = parseChunkId(request.cid)
        bytes = request.whole ? await store.get(cid) : await store.getRange(cid, request.offset, request.length)
        if (bytes === undefined) Object.assign(header, { error: 'NOT_FOUND', message: `chunk ${request.cid} is not on this server` })
      } catch (err) {
        const code = err instanceof CorruptChunkError ? 'CORRUPT' : 'BAD_REQUEST'
        Object.assign(header, { error: code, message: describeError(err) })
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
  }, { log, maxInboundStreams: MAX_STREAMS_PER_CONNECTION, timeoutMs: TRANSFER_TIMEOUT_MS })
}
