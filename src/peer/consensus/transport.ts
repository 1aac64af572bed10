// Carries Raft messages between peers on `/shoal/raft/2.0.0`: one long-lived
// outbound stream per remote peer, on a connection of its own (a lane, see
// lanes.ts) so that chunk transfers never hold a heartbeat up, and a bounded
// queue per peer. Each length-prefixed frame is a RaftBatch of everything
// queued for that peer when it is written: the heartbeats of all groups of a
// tick go as one message, with the two peers named once. Raft tolerates
// loss, so when a peer is unreachable its queue is dropped and the groups are
// told, never blocked.
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'
import { RaftBatch, RaftMessage, type RaftConfState } from '../../../protocols/raft.js'
import { dialRaftLane } from '../lanes.js'
import type { Logger } from '../log.js'
import { Handlers } from '../rpc.js'
import type { PeerNode } from '../node.js'
import type { SnapshotReader } from './driver.js'
import { SnapshotStreams, type SnapshotSink } from './snapshot-stream.js'
import { MessageType, type ConfState, type Entry, type Message, type Snapshot } from './types.js'

export const RAFT_PROTOCOL = '/shoal/raft/2.0.0'
// Appends are small (entries are capped below this); a cap this size bounds
// what a hostile frame can cost to decode. Snapshots go on their own stream.
export const MAX_RAFT_MESSAGE_BYTES = 4 * 1024 * 1024
const MAX_ENTRIES_PER_MESSAGE = 256
const MAX_CONF_MEMBERS = 64
const IDLE_STREAM_MS = 30_000
const MAX_QUEUED_PER_PEER = 4096
/** A batch takes messages until their entries pass this; one message larger than it goes alone. */
const BATCH_BYTES = 1024 * 1024
/** What a message costs in a batch beyond its entries' data, generously. */
const MESSAGE_OVERHEAD_BYTES = 256
const ENTRY_OVERHEAD_BYTES = 32

/** The codec with repeated fields bounded, so a frame of empty messages or entries cannot balloon. */
const boundedRaftBatch = {
  encode: RaftBatch.encode,
  decode: (bytes: Uint8Array | Uint8ArrayList) => RaftBatch.decode(bytes, {
    limits: {
      messages: MAX_QUEUED_PER_PEER,
      messages$: { entries: MAX_ENTRIES_PER_MESSAGE, snapshot: { conf: { voters: MAX_CONF_MEMBERS, learners: MAX_CONF_MEMBERS, incarnations: MAX_CONF_MEMBERS } } }
    }
  })
}
const DIAL_TIMEOUT_MS = 2_000
const WRITE_TIMEOUT_MS = 2_000

export interface InboundHandler {
  (group: string, message: Message): void
}

export interface UnreachableHandler {
  (group: string, to: string): void
}

/** A Snapshot message's header for its own stream: the message with `snapshot` (its data left out). */
function snapshotHeader (group: string, m: Message, snapshot: Omit<Snapshot, 'data'>): RaftMessage {
  const { conf } = snapshot
  const wireConf = { voters: conf.voters, learners: conf.learners, incarnations: new Map(Object.entries(conf.incarnations ?? {})) }
  return { group, ...m, snapshot: { ...snapshot, data: new Uint8Array(), conf: wireConf } } as RaftMessage
}

/** `m` for a batch, which names the two peers once for all its messages. */
function toBatched (group: string, m: Message): RaftMessage {
  return { group, ...m, from: '', to: '' } as RaftMessage
}

/** `messages` in frames of about BATCH_BYTES at most. */
function * inBatches (messages: RaftMessage[]): Generator<RaftMessage[]> {
  let batch: RaftMessage[] = []
  let bytes = 0
  for (const m of messages) {
    const size = MESSAGE_OVERHEAD_BYTES + m.entries.reduce((sum, e) => sum + e.data.byteLength + ENTRY_OVERHEAD_BYTES, 0)
    if (batch.length > 0 && bytes + size > BATCH_BYTES) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(m)
    bytes += size
  }
  if (batch.length > 0) yield batch
}

function confFromWire (conf: RaftConfState | undefined): ConfState {
  const incarnations = Object.fromEntries(conf?.incarnations ?? [])
  return Object.keys(incarnations).length > 0
    ? { voters: conf?.voters ?? [], learners: conf?.learners ?? [], incarnations }
    : { voters: conf?.voters ?? [], learners: conf?.learners ?? [] }
}

function fromWire (w: RaftMessage, from = w.from, to = w.to): Message {
  const entries: Entry[] = w.entries.map(e => ({ index: e.index, term: e.term, type: e.type, data: e.data }))
  const snapshot: Snapshot | undefined = w.snapshot == null
    ? undefined
    : { index: w.snapshot.index, term: w.snapshot.term, data: w.snapshot.data, conf: confFromWire(w.snapshot.conf) }
  return {
    type: w.type,
    from,
    to,
    term: w.term,
    logIndex: w.logIndex,
    logTerm: w.logTerm,
    entries,
    commit: w.commit,
    reject: w.reject,
    rejectHint: w.rejectHint,
    snapshot,
    transfer: w.transfer,
    context: w.context,
    quiesce: w.quiesce,
    incarnation: w.incarnation
  }
}

class Outbox {
  queue: RaftMessage[] = []
  lane?: Connection
  stream?: LengthPrefixedStream<Stream>
  running = false
}

export class RaftTransport {
  private readonly node: PeerNode
  private readonly log: Logger
  private readonly self: string
  private readonly outboxes = new Map<string, Outbox>()
  private readonly snapshots: SnapshotStreams
  private readonly handlers: Handlers
  private onInbound: InboundHandler = () => {}
  private onUnreachable: UnreachableHandler = () => {}
  private stopped = false

  constructor (node: PeerNode, log: Logger) {
    this.node = node
    this.log = log
    this.self = node.peerId.toString()
    this.snapshots = new SnapshotStreams(node, log)
    this.handlers = new Handlers(node)
  }

  /** `openSnapshotSink` says where the bytes of a snapshot sent to one of our groups go (undefined: nowhere, refused). */
  async start (onInbound: InboundHandler, onUnreachable: UnreachableHandler, openSnapshotSink: (group: string, message: Message) => SnapshotSink | undefined): Promise<void> {
    this.onInbound = onInbound
    this.onUnreachable = onUnreachable
    await this.handlers.messages({
      protocol: RAFT_PROTOCOL,
      codec: boundedRaftBatch,
      log: this.log,
      maxMessageBytes: MAX_RAFT_MESSAGE_BYTES,
      idleTimeoutMs: IDLE_STREAM_MS,
      maxInboundStreams: 4
    }, (batch, connection) => { this.receive(batch, connection) })
    await this.snapshots.start(this.handlers, wire => openSnapshotSink(wire.group, fromWire(wire)))
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.snapshots.stop()
    await this.handlers.stop()
    for (const outbox of this.outboxes.values()) outbox.lane?.abort(new Error('transport stopped'))
    this.outboxes.clear()
  }

  /** Sends `message`; a Snapshot message goes on its own stream, with `snapshot` as its data when given (else its own). */
  send (group: string, message: Message, snapshot?: SnapshotReader): void {
    if (this.stopped) {
      snapshot?.close()
      return
    }
    if (message.to === this.self) {
      this.onInbound(group, message)
      return
    }
    if (message.type === MessageType.Snapshot && message.snapshot != null) {
      const { data, ...meta } = message.snapshot
      const reader = snapshot ?? { index: meta.index, chunks: () => [data], close: () => {} }
      this.snapshots.send(snapshotHeader(group, message, meta), reader.chunks()).catch(err => {
        this.log(`snapshot of ${group} to ${message.to} not delivered: ${(err as Error).message}`)
        this.onUnreachable(group, message.to)
      }).finally(() => { reader.close() })
      return
    }
    let outbox = this.outboxes.get(message.to)
    if (outbox == null) {
      outbox = new Outbox()
      this.outboxes.set(message.to, outbox)
    }
    if (outbox.queue.length >= MAX_QUEUED_PER_PEER) outbox.queue.shift()
    outbox.queue.push(toBatched(group, message))
    if (!outbox.running) void this.drain(message.to, outbox)
  }

  private receive (batch: RaftBatch, connection: Connection): void {
    // A batch speaks only for the peer that sent it, and only to us.
    if (batch.from !== connection.remotePeer.toString() || batch.to !== this.self) {
      this.log(`dropped raft messages claiming ${batch.from} -> ${batch.to} from ${connection.remotePeer.toString()}`)
      return
    }
    for (const wire of batch.messages) this.onInbound(wire.group, fromWire(wire, batch.from, batch.to))
  }

  private async drain (to: string, outbox: Outbox): Promise<void> {
    outbox.running = true
    let batch: RaftMessage[] = []
    try {
      // Everything sent in this turn of the event loop (every group's messages, the acks of every batch read in it)
      // goes in one batch: on loopback a socket write costs about as much as the rest of a commit.
      await new Promise(setImmediate)
      while (outbox.queue.length > 0 && !this.stopped) {
        batch = outbox.queue.splice(0, outbox.queue.length)
        const frames = [...inBatches(batch)].map(messages => RaftBatch.encode({ from: this.self, to, messages }))
        // A stream on a connection that died since the last write fails at once:
        // one retry on a fresh stream saves a whole election timeout after a peer restarts.
        try {
          await this.write(to, outbox, frames)
        } catch {
          this.resetStream(outbox)
          await this.write(to, outbox, frames)
        }
      }
    } catch (err) {
      const groups = new Set([...batch, ...outbox.queue].map(m => m.group))
      outbox.queue = []
      this.resetStream(outbox, err)
      // A lane that failed twice running may be dead without knowing it yet: the next message dials afresh.
      outbox.lane?.abort(err instanceof Error ? err : new Error('raft lane failed'))
      outbox.lane = undefined
      for (const group of groups) this.onUnreachable(group, to)
    } finally {
      outbox.running = false
    }
  }

  private async write (to: string, outbox: Outbox, frames: Uint8Array[]): Promise<void> {
    outbox.stream ??= await this.open(peerIdFromString(to), outbox)
    await outbox.stream.writeV(frames, { signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) })
  }

  private resetStream (outbox: Outbox, err?: unknown): void {
    outbox.stream?.unwrap().abort(err instanceof Error ? err : new Error('raft stream reset'))
    outbox.stream = undefined
  }

  private async open (peer: PeerId, outbox: Outbox): Promise<LengthPrefixedStream<Stream>> {
    const signal = AbortSignal.timeout(DIAL_TIMEOUT_MS)
    if (outbox.lane?.status !== 'open') outbox.lane = await dialRaftLane(this.node, peer, signal)
    const stream = await outbox.lane.newStream(RAFT_PROTOCOL, { signal })
    const lp = lpStream(stream, { maxDataLength: MAX_RAFT_MESSAGE_BYTES })
    stream.addEventListener('close', () => { if (outbox.stream === lp) outbox.stream = undefined })
    return lp
  }
}
