// One long-lived stream to a peer for KV requests: many requests in flight,
// each matched to its response by id, written in batches as they queue up.
// A stream that fails fails every request on it; the client opens another.
// A client on a peer's own node reaches that peer's replicas directly
// (libp2p cannot dial its own peer): the KV role registers its answers as
// the protocol's local implementation.
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { KvRequest, KvResponse } from '../../protocols/kv/kv.js'
import { KV_PROTOCOL, MAX_KV_FRAME_BYTES } from '../../protocols/kv/wire.js'
import { decodeOrThrow, dialAddrs, localService } from '../peer/rpc.js'
import type { ClientNode } from '../peer/node.js'

interface Pending { resolve: (response: KvResponse) => void, reject: (err: Error) => void, deadline: number }

const DIAL_TIMEOUT_MS = 5_000
const SWEEP_MS = 250

/** What the KV role registers for a client on its own node. */
export interface LocalKv {
  answer: (request: KvRequest, signal: AbortSignal) => Promise<KvResponse>
}

/** Where a KV client's requests to one peer go. */
export interface KvRequester {
  readonly open: boolean
  request: (request: Omit<KvRequest, 'id'>, timeoutMs: number, signal?: AbortSignal) => Promise<KvResponse>
  close: () => void
}

/** A channel to `peer`: its own replicas directly when `peer` is this very node, else a stream. */
export async function openKvChannel (node: ClientNode, peer: { id: string, addrs: string[] }, signal?: AbortSignal): Promise<KvRequester> {
  const local = peer.id === node.peerId.toString() ? localService<LocalKv>(node, node.peerId, KV_PROTOCOL) : undefined
  if (local !== undefined) {
    return {
      open: true,
      request: async (request, timeoutMs, signal) => {
        const timeout = AbortSignal.timeout(timeoutMs)
        return await local.answer({ ...request, id: 0n }, signal === undefined ? timeout : AbortSignal.any([signal, timeout]))
      },
      close: () => {}
    }
  }
  return await KvChannel.open(node, peer, signal)
}

class KvChannel implements KvRequester {
  private readonly pending = new Map<bigint, Pending>()
  private nextId = 1n
  private queued: Uint8Array[] = []
  private writing = false
  private failure?: Error
  private sweeper?: NodeJS.Timeout

  private constructor (private readonly stream: Stream, private readonly lp: LengthPrefixedStream<Stream>) {
    void this.readAnswers()
  }

  static async open (node: ClientNode, peer: { id: string, addrs: string[] }, signal?: AbortSignal): Promise<KvChannel> {
    const timeout = AbortSignal.timeout(DIAL_TIMEOUT_MS)
    const stream = await node.dialProtocol(dialAddrs(peer), KV_PROTOCOL, { signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) })
    return new KvChannel(stream, lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES }))
  }

  get open (): boolean {
    return this.failure === undefined
  }

  /**
   * Sends `request`; resolves with its response, rejects if the stream fails,
   * `signal` fires, or no answer came within `timeoutMs` (one sweep timer per
   * channel checks the deadlines, not a timer per request).
   */
  async request (request: Omit<KvRequest, 'id'>, timeoutMs: number, signal?: AbortSignal): Promise<KvResponse> {
    if (this.failure !== undefined) throw this.failure
    signal?.throwIfAborted()
    const id = this.nextId++
    const { promise, resolve, reject } = Promise.withResolvers<KvResponse>()
    const onAbort = (): void => {
      this.pending.delete(id)
      reject(signal!.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    this.pending.set(id, { resolve, reject, deadline: Date.now() + timeoutMs })
    this.sweeper ??= setInterval(() => { this.sweep() }, SWEEP_MS)
    this.queued.push(KvRequest.encode({ ...request, id }))
    if (!this.writing) void this.writeQueued()
    try {
      return await promise
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  private sweep (): void {
    const now = Date.now()
    for (const [id, { reject, deadline }] of this.pending) {
      if (deadline > now) continue
      this.pending.delete(id)
      reject(new Error('no answer in time'))
    }
    if (this.pending.size === 0) {
      clearInterval(this.sweeper)
      this.sweeper = undefined
    }
  }

  /** Ends the stream as a caller that is done: the peer sees its end, not an abort. */
  close (): void {
    if (this.failure !== undefined) return
    this.failure = new Error('the KV channel was closed')
    this.rejectAll(this.failure)
    void this.stream.close().catch(() => {})
  }

  private rejectAll (err: Error): void {
    for (const { reject } of this.pending.values()) reject(err)
    this.pending.clear()
    clearInterval(this.sweeper)
    this.sweeper = undefined
  }

  private async writeQueued (): Promise<void> {
    this.writing = true
    try {
      // Requests made in this turn of the event loop go in one write.
      await new Promise(setImmediate)
      while (this.queued.length > 0 && this.failure === undefined) await this.lp.writeV(this.queued.splice(0))
    } catch (err) {
      this.fail(err as Error)
    } finally {
      this.writing = false
    }
  }

  private async readAnswers (): Promise<void> {
    try {
      while (this.failure === undefined) {
        const response = decodeOrThrow(KvResponse, await this.lp.read(), 'KV response')
        this.pending.get(response.id)?.resolve(response)
        this.pending.delete(response.id)
      }
    } catch (err) {
      this.fail(err as Error)
    }
  }

  private fail (err: Error): void {
    if (this.failure !== undefined) return
    this.failure = err
    this.rejectAll(err)
    this.stream.abort(err)
  }
}
