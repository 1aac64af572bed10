// Request/response and message-stream helpers over libp2p streams. Every read
// has a size cap and a deadline; a peer that sends garbage, a truncated frame
// or an oversize one gets its stream reset and a log line, never a crash.
import type { AbortOptions, Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { Uint8ArrayList } from 'uint8arraylist'
import * as varint from 'uint8-varint'
import { describeError, type Logger } from './log.js'

export interface Codec<T> {
  encode: (value: T) => Uint8Array
  decode: (bytes: Uint8Array | Uint8ArrayList) => T
}

export const DEFAULT_MAX_MESSAGE = 1024 * 1024
export const DEFAULT_RPC_TIMEOUT_MS = 10_000

export class ProtocolViolation extends Error {
  override name = 'ProtocolViolation'
}

/** Where to dial a peer: its addresses, each ending in its id. */
export function dialAddrs (peer: { id: string, addrs: readonly string[] }): Multiaddr[] {
  return peer.addrs.map(addr => addr.includes('/p2p/') ? multiaddr(addr) : multiaddr(`${addr}/p2p/${peer.id}`))
}

/** Ends `stream` (or connection) at once for `err`, whatever was thrown. */
export function reset (stream: { abort: (err: Error) => void }, err: unknown): void {
  stream.abort(err instanceof Error ? err : new Error(String(err)))
}

/** The signal a served stream's work runs under: it fires at the deadline, or as soon as the stream closes (the caller reset it or went away). */
function servedSignal (stream: Stream, timeoutMs: number): AbortSignal {
  const closed = new AbortController()
  stream.addEventListener('close', () => { closed.abort(new ProtocolViolation('the stream closed')) }, { once: true })
  return Number.isFinite(timeoutMs) ? AbortSignal.any([AbortSignal.timeout(timeoutMs), closed.signal]) : closed.signal
}

/**
 * Ends a served stream after `err`. A caller that reset the stream or lost
 * its connection chose to stop (a hedged read that lost its race, Ctrl-C):
 * a plain log line. Anything else is this side's failure, logged as one.
 */
function endServed (stream: Stream, connection: Connection, err: unknown, log: Logger, what: string): void {
  const from = connection.remotePeer.toString()
  // A stream this side has not closed that is no longer open was closed or reset by its caller.
  if (stream.status !== 'open' || connection.status !== 'open') {
    log(`${what} from ${from}: abandoned by the caller`)
  } else {
    log.error(`${what} from ${from}: stream reset`, err)
  }
  reset(stream, err)
}

export function decodeOrThrow<T> (codec: Codec<T>, bytes: Uint8ArrayList, what: string): T {
  try {
    return codec.decode(bytes)
  } catch (err) {
    throw new ProtocolViolation(`malformed ${what}: ${describeError(err)}`)
  }
}

export interface ServeOptions<Req, Res> {
  protocol: string
  request: Codec<Req>
  response: Codec<Res>
  log: Logger
  maxRequestBytes?: number
  timeoutMs?: number
  maxInboundStreams?: number
}

type LocalHandler = (request: Uint8Array, signal: AbortSignal) => Promise<Uint8Array>

// libp2p cannot dial its own peer: a call from one role to another on the same
// peer (a master telling its own chunk server to copy a chunk, a worker's DFS
// client putting a chunk whose first replica is its own peer) runs the
// service's local implementation directly. A one-request protocol's is its
// handler, through the same encode and decode as the wire; a bulk protocol
// registers its own (see `Handlers.local`).
const localServices = new WeakMap<Libp2p<any>, Map<string, unknown>>()

/** The local implementation of `protocol`, when `target` is this peer and it serves the protocol. */
export function localService<T> (node: Libp2p<any>, target: PeerId | Multiaddr | Multiaddr[], protocol: string): T | undefined {
  const first = Array.isArray(target) ? target[0] : target
  const id = first == null ? undefined : 'getComponents' in first ? first.getComponents().find(c => c.name === 'p2p')?.value : first.toString()
  return id === node.peerId.toString() ? localServices.get(node)?.get(protocol) as T | undefined : undefined
}

function setLocalService (node: Libp2p<any>, protocol: string, implementation: unknown): void {
  const services = localServices.get(node) ?? new Map<string, unknown>()
  localServices.set(node, services)
  services.set(protocol, implementation)
}

/** Registers a one-request, one-response handler. */
export async function serve<Req, Res> (
  node: Libp2p<any>,
  options: ServeOptions<Req, Res>,
  handler: (request: Req, connection: Connection | undefined, signal: AbortSignal) => Promise<Res>
): Promise<void> {
  const { protocol, log } = options
  const local: LocalHandler = async (bytes, signal) => options.response.encode(await handler(options.request.decode(bytes), undefined, signal))
  setLocalService(node, protocol, local)
  await node.handle(protocol, async (stream: Stream, connection: Connection) => {
    const signal = servedSignal(stream, options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS)
    const lp = lpStream(stream, { maxDataLength: options.maxRequestBytes ?? DEFAULT_MAX_MESSAGE })
    try {
      const request = decodeOrThrow(options.request, await lp.read({ signal }), `${protocol} request`)
      const response = await handler(request, connection, signal)
      await lp.write(options.response.encode(response), { signal })
      await stream.close({ signal })
    } catch (err) {
      endServed(stream, connection, err, log, protocol)
    }
  }, { maxInboundStreams: options.maxInboundStreams ?? 64, runOnLimitedConnection: false })
}

export interface CallOptions<Req, Res> extends AbortOptions {
  protocol: string
  request: Codec<Req>
  response: Codec<Res>
  maxResponseBytes?: number
}

/** Removes handlers registered with `serve`. */
export async function unserve (node: Libp2p<any>, protocols: string[]): Promise<void> {
  for (const protocol of protocols) localServices.get(node)?.delete(protocol)
  await node.unhandle(protocols)
}

/** Sends one request and reads one response. */
export async function call<Req, Res> (
  node: Libp2p<any>,
  target: PeerId | Multiaddr | Multiaddr[],
  request: Req,
  options: CallOptions<Req, Res>
): Promise<Res> {
  const signal = options.signal ?? AbortSignal.timeout(DEFAULT_RPC_TIMEOUT_MS)
  const local = localService<LocalHandler>(node, target, options.protocol)
  if (local != null) return options.response.decode(await local(options.request.encode(request), signal))
  const stream = await node.dialProtocol(target, options.protocol, { signal })
  const lp = lpStream(stream, { maxDataLength: options.maxResponseBytes ?? DEFAULT_MAX_MESSAGE })
  try {
    await lp.write(options.request.encode(request), { signal })
    const response = decodeOrThrow(options.response, await lp.read({ signal }), `${options.protocol} response`)
    await stream.close({ signal })
    return response
  } catch (err) {
    reset(stream, err)
    throw err
  }
}

export interface MessageStreamOptions<M> {
  protocol: string
  codec: Codec<M>
  log: Logger
  maxMessageBytes: number
  /** A stream that carries nothing for this long is reset (senders reopen on demand). */
  idleTimeoutMs: number
  maxInboundStreams: number
}

/**
 * Splits a stream into length-prefixed frames as bytes arrive. A frame over the
 * cap, or a stream that ends inside a frame, is a ProtocolViolation.
 */
export async function * readFrames (stream: AsyncIterable<Uint8Array | Uint8ArrayList>, maxFrameBytes: number): AsyncGenerator<Uint8ArrayList> {
  const buffer = new Uint8ArrayList()
  const maxLengthBytes = varint.encodingLength(maxFrameBytes)
  for await (const chunk of stream) {
    buffer.append(chunk)
    while (buffer.byteLength > 0) {
      let length: number
      try {
        length = varint.decode(buffer)
      } catch (err) {
        if (!(err instanceof RangeError) || buffer.byteLength >= maxLengthBytes) throw new ProtocolViolation('malformed frame length')
        break
      }
      if (length > maxFrameBytes) throw new ProtocolViolation(`frame of ${length} bytes is over the ${maxFrameBytes} byte cap`)
      const prefix = varint.encodingLength(length)
      // A padded (non-canonical) length would shift every later frame.
      if ((buffer.get(prefix - 1) & 0x80) !== 0) throw new ProtocolViolation('malformed frame length')
      if (buffer.byteLength < prefix + length) break
      const frame = buffer.sublist(prefix, prefix + length)
      buffer.consume(prefix + length)
      yield frame
    }
  }
  if (buffer.byteLength > 0) throw new ProtocolViolation(`stream ended inside a frame (${buffer.byteLength} bytes left over)`)
}

export interface HandleOptions {
  log: Logger
  maxInboundStreams: number
  /** The handler's signal fires at this deadline (none: Infinity), or as soon as its stream closes; default DEFAULT_RPC_TIMEOUT_MS. */
  timeoutMs?: number
}

/**
 * The protocols one service handles, registered through it so that the
 * service's stop unregisters exactly those (as @libp2p/ping's start and stop
 * do). Every handler runs under one abort path: whatever it throws resets its
 * stream and leaves a log line, and never reaches libp2p.
 */
export class Handlers {
  private readonly protocols = new Set<string>()

  constructor (private readonly node: Libp2p<any>) {}

  /** A one-request, one-response protocol (see `serve`). */
  async serve<Req, Res> (options: ServeOptions<Req, Res>, handler: (request: Req, connection: Connection | undefined, signal: AbortSignal) => Promise<Res>): Promise<void> {
    await serve(this.node, options, handler)
    this.protocols.add(options.protocol)
  }

  /** A protocol that uses its stream as it likes. */
  async handle (protocol: string, handler: (stream: Stream, connection: Connection, signal: AbortSignal) => Promise<void>, options: HandleOptions): Promise<void> {
    await this.node.handle(protocol, async (stream: Stream, connection: Connection) => {
      try {
        await handler(stream, connection, servedSignal(stream, options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS))
      } catch (err) {
        endServed(stream, connection, err, options.log, protocol)
      }
    }, { maxInboundStreams: options.maxInboundStreams, runOnLimitedConnection: false })
    this.protocols.add(protocol)
  }

  /** A protocol of long-lived streams that carry messages one way (see `serveMessages`). */
  async messages<M> (options: MessageStreamOptions<M>, onMessage: (message: M, connection: Connection) => void): Promise<void> {
    await serveMessages(this.node, options, onMessage)
    this.protocols.add(options.protocol)
  }

  /** What `protocol` does when the caller is this very peer, which libp2p cannot dial (see `localService`). */
  local (protocol: string, implementation: unknown): void {
    setLocalService(this.node, protocol, implementation)
    this.protocols.add(protocol)
  }

  async stop (): Promise<void> {
    await unserve(this.node, [...this.protocols])
    this.protocols.clear()
  }
}

/** Registers a handler for long-lived streams that carry a sequence of messages one way. */
export async function serveMessages<M> (
  node: Libp2p<any>,
  options: MessageStreamOptions<M>,
  onMessage: (message: M, connection: Connection) => void
): Promise<void> {
  const { protocol, log } = options
  await node.handle(protocol, async (stream: Stream, connection: Connection) => {
    let idle = setTimeout(onIdle, options.idleTimeoutMs)
    function onIdle (): void { stream.abort(new ProtocolViolation(`no message for ${options.idleTimeoutMs} ms`)) }
    try {
      for await (const frame of readFrames(stream, options.maxMessageBytes)) {
        clearTimeout(idle)
        idle = setTimeout(onIdle, options.idleTimeoutMs)
        onMessage(decodeOrThrow(options.codec, frame, `${protocol} message`), connection)
      }
      await stream.close()
    } catch (err) {
      log.error(`${protocol} from ${connection.remotePeer.toString()}: stream reset`, err)
      reset(stream, err)
    } finally {
      clearTimeout(idle)
    }
  }, { maxInboundStreams: options.maxInboundStreams, runOnLimitedConnection: false })
}
