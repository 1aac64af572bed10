// `/shoal/perf/1.0.0`: raw stream throughput between peers, the ceiling the
// DFS benchmark is measured against. A request without `to` makes this peer a
// sink: it reads and discards the bytes that follow. A request with `to` makes
// it push that many bytes to peer `to`, which serves as the sink.
import { randomBytes } from 'node:crypto'
import type { AbortOptions, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { PerfRequest, PerfResponse } from '../../protocols/perf.js'
import { openBulkStream } from './lanes.js'
import type { Logger } from './log.js'
import type { MembershipView } from './membership.js'
import { decodeOrThrow, DEFAULT_RPC_TIMEOUT_MS, ProtocolViolation, reset, type Handlers } from './rpc.js'

export const PERF_PROTOCOL = '/shoal/perf/1.0.0'
export const MAX_PERF_BYTES = 1024 ** 3
const FRAME_BYTES = 1024 * 1024
// Yamux sends a data frame as large as its send window (up to 16 MiB) and the
// stream hands each frame over as one message, so a sink's read buffer must
// hold a whole window plus a partly read frame: lpStream's 4 MiB default
// resets the stream once the window has grown past it.
const SINK_BUFFER_BYTES = 16 * 1024 * 1024 + 2 * FRAME_BYTES
/** A transfer that makes no progress for this long is reset. */
const IDLE_MS = 10_000
/** The slowest transfer a caller waits for by default. */
const MIN_BYTES_PER_MS = 10 * 1024

// Pushes send this one buffer over and over: the benchmark measures the
// network stack, not the allocator.
let payload: Uint8Array | undefined

const idle = (): AbortSignal => AbortSignal.timeout(IDLE_MS)

/** Reads and discards exactly `bytes` bytes of frames. */
async function sink (lp: LengthPrefixedStream<Stream>, bytes: number): Promise<PerfResponse> {
  const started = performance.now()
  let received = 0
  while (received < bytes) {
    const frame = await lp.read({ signal: idle() })
    if (frame.byteLength === 0 || received + frame.byteLength > bytes) throw new ProtocolViolation(`frame of ${frame.byteLength} bytes after ${received} of ${bytes}`)
    received += frame.byteLength
  }
  return { receivedBytes: received, elapsedMs: performance.now() - started }
}

/** Sends `bytes` bytes to `to`'s sink; the elapsed time runs from the first byte sent to the sink's reply. */
async function push (node: Libp2p<any>, to: PeerId, bytes: number): Promise<PerfResponse> {
  payload ??= randomBytes(FRAME_BYTES)
  const stream = await openBulkStream(node, to, PERF_PROTOCOL, AbortSignal.timeout(DEFAULT_RPC_TIMEOUT_MS))
  const lp = lpStream(stream, { maxDataLength: 64 })
  try {
    await lp.write(PerfRequest.encode({ bytes }), { signal: idle() })
    const started = performance.now()
    for (let sent = 0; sent < bytes; sent += FRAME_BYTES) {
      await lp.write(payload.subarray(0, Math.min(FRAME_BYTES, bytes - sent)), { signal: idle() })
    }
    const reply = decodeOrThrow(PerfResponse, await lp.read({ signal: idle() }), 'perf reply')
    const elapsedMs = performance.now() - started
    await stream.close({ signal: idle() })
    return { receivedBytes: reply.receivedBytes, elapsedMs }
  } catch (err) {
    reset(stream, err)
    throw err
  }
}

function checkRequest (request: PerfRequest, self: string, view: MembershipView): PeerId | undefined {
  if (!Number.isSafeInteger(request.bytes) || request.bytes > MAX_PERF_BYTES) throw new ProtocolViolation(`${request.bytes} bytes is over the ${MAX_PERF_BYTES} byte cap`)
  if (request.to === '') return undefined
  if (request.to === self) throw new ProtocolViolation('cannot push to itself')
  if (view.get(request.to) == null) throw new ProtocolViolation(`cannot push to ${request.to}: not a member of this swarm`)
  return peerIdFromString(request.to)
}

export async function servePerf (node: Libp2p<any>, handlers: Handlers, view: MembershipView, log: Logger): Promise<void> {
  await handlers.handle(PERF_PROTOCOL, async stream => {
    const lp = lpStream(stream, { maxDataLength: FRAME_BYTES, maxBufferSize: SINK_BUFFER_BYTES })
    const request = decodeOrThrow(PerfRequest, await lp.read({ signal: AbortSignal.timeout(DEFAULT_RPC_TIMEOUT_MS) }), 'perf request')
    const to = checkRequest(request, node.peerId.toString(), view)
    const result = to == null ? await sink(lp, request.bytes) : await push(node, to, request.bytes)
    await lp.write(PerfResponse.encode(result), { signal: idle() })
    await stream.close({ signal: idle() })
  }, { log, maxInboundStreams: 4 })
}

/** Asks the peer at `target` to push `bytes` bytes to peer `to` and returns what `to` received and how long it took. */
export async function requestPush (node: Libp2p<any>, target: PeerId | Multiaddr | Multiaddr[], to: string, bytes: number, options: AbortOptions = {}): Promise<PerfResponse> {
  const signal = options.signal ?? AbortSignal.timeout(DEFAULT_RPC_TIMEOUT_MS + Math.ceil(bytes / MIN_BYTES_PER_MS))
  const stream = await node.dialProtocol(target, PERF_PROTOCOL, { signal })
  const lp = lpStream(stream, { maxDataLength: 64 })
  try {
    await lp.write(PerfRequest.encode({ bytes, to }), { signal })
    const reply = decodeOrThrow(PerfResponse, await lp.read({ signal }), 'perf reply')
    await stream.close({ signal })
    return reply
  } catch (err) {
    reset(stream, err)
    throw err
  }
}
