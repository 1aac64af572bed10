// Raft snapshots on their own protocol, `/shoal/raft/snapshot/1.0.0`: a header
// (the Snapshot message without its data), then the data in frames of at most
// 1 MiB, then an empty frame. The receiver hands the frames to a sink (a state
// in LMDB writes them to a staging area as they come) ACK_EVERY bytes at a
// time, and answers with how many bytes it has taken; the sender keeps at most WINDOW
// bytes unanswered. Yamux grants window as bytes arrive, not as they are read
// (shared/notes/libp2p-bulk.md), so without this a slow receiver would buffer
// the whole snapshot. Neither side holds more than a few frames: a snapshot of
// any size moves, and the message stream's 4 MiB cap never sees one. One
// transfer per group and peer at a time: the leader's periodic resend of an
// unanswered snapshot does not start a second copy while the first moves.
import type { Connection, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import * as varint from 'uint8-varint'
import { RaftSnapshotHeader, type RaftMessage } from '../../../protocols/raft.js'
import { describeError, type Logger } from '../log.js'
import { openBulkStream } from '../lanes.js'
import type { PeerNode } from '../node.js'
import { decodeOrThrow, ProtocolViolation, reset, type Handlers } from '../rpc.js'

export const RAFT_SNAPSHOT_PROTOCOL = '/shoal/raft/snapshot/1.0.0'
const MIB = 1024 * 1024
const FRAME_BYTES = MIB
const ACK_EVERY = 4 * FRAME_BYTES
/** Room for a batch being written, the next arriving, and one more on the way. */
const WINDOW = 3 * ACK_EVERY
const MAX_HEADER_BYTES = 64 * 1024
/** A transfer that makes no progress for this long is abandoned (the leader resends later). */
const STALL_MS = 30_000
const DIAL_TIMEOUT_MS = 5_000

/** Where a received snapshot's bytes go. finish() is called after the last frame; abort() when the transfer fails. */
export interface SnapshotSink {
  write: (bytes: Uint8Array) => Promise<void> | void
  finish: () => void
  abort: () => void
}

/** Opens a sink for a snapshot message, or refuses it (undefined). */
export type SnapshotSinkFactory = (message: RaftMessage) => SnapshotSink | undefined

export class SnapshotStreams {
  private readonly sending = new Set<string>()
  private stopped = false

  constructor (private readonly node: PeerNode, private readonly log: Logger) {}

  /** Receives snapshots through `handlers`, whose stop ends that. */
  async start (handlers: Handlers, openSink: SnapshotSinkFactory): Promise<void> {
    // No deadline: a snapshot takes as long as its size; a sender that stalls fails a read (STALL_MS).
    await handlers.handle(RAFT_SNAPSHOT_PROTOCOL, async (stream, connection) => {
      try {
        await this.receive(stream, connection, openSink)
      } catch (err) {
        this.log(`snapshot from ${connection.remotePeer.toString()} dropped: ${describeError(err)}`)
        reset(stream, err)
      }
    }, { log: this.log, maxInboundStreams: 8, timeoutMs: Infinity })
  }

  stop (): void {
    this.stopped = true
  }

  /**
   * Sends a Snapshot message (its data left out) and then `data`. Resolves
   * when the receiver has taken it all; false when one to the same peer for
   * the same group is still moving.
   */
  async send (message: RaftMessage, data: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<boolean> {
    const key = `${message.group}\n${message.to}`
    if (this.sending.has(key) || this.stopped) return false
    this.sending.add(key)
    try {
      // Bulk bytes: never on the Raft lane, where they would hold heartbeats up.
      const stream = await openBulkStream(this.node, peerIdFromString(message.to), RAFT_SNAPSHOT_PROTOCOL, AbortSignal.timeout(DIAL_TIMEOUT_MS))
      const lp = lpStream(stream, { maxDataLength: FRAME_BYTES })
      try {
        await lp.write(RaftSnapshotHeader.encode({ message }), { signal: AbortSignal.timeout(STALL_MS) })
        let sent = 0
        let acked = 0
        for await (const frame of frames(data)) {
          while (sent - acked >= WINDOW) acked = await readAck(lp, acked)
          await lp.write(frame, { signal: AbortSignal.timeout(STALL_MS) })
          sent += frame.length
        }
        await lp.write(new Uint8Array(0), { signal: AbortSignal.timeout(STALL_MS) })
        while (acked < sent) acked = await readAck(lp, acked)
        await stream.close({ signal: AbortSignal.timeout(STALL_MS) })
      } catch (err) {
        reset(stream, err)
        throw err
      }
      return true
    } finally {
      this.sending.delete(key)
    }
  }

  private async receive (stream: Stream, connection: Connection, openSink: SnapshotSinkFactory): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: Math.max(FRAME_BYTES, MAX_HEADER_BYTES), maxBufferSize: WINDOW + 2 * FRAME_BYTES })
    const { message } = decodeOrThrow(RaftSnapshotHeader, await lp.read({ signal: AbortSignal.timeout(STALL_MS) }), 'snapshot header')
    if (message?.snapshot == null || message.from !== connection.remotePeer.toString() || message.to !== this.node.peerId.toString()) {
      throw new ProtocolViolation('a snapshot header must carry a snapshot from its sender to us')
    }
    const sink = openSink(message)
    if (sink == null) throw new ProtocolViolation(`no snapshot of ${message.group} is wanted here`)
    this.log(`receiving a snapshot of ${message.group} at ${message.snapshot.index} from ${message.from}`)
    const started = performance.now()
    try {
      const bytes = await take(lp, sink)
      sink.finish()
      this.log(`received the snapshot of ${message.group} at ${message.snapshot.index}: ${(bytes / MIB).toFixed(1)} MiB in ${Math.round(performance.now() - started)} ms`)
    } catch (err) {
      sink.abort()
      throw err
    }
    await stream.close({ signal: AbortSignal.timeout(STALL_MS) })
  }
}

/**
 * Reads frames up to the empty one into `sink`, ACK_EVERY bytes per write
 * (one LMDB transaction each, not one per frame), with one write under way
 * while the next batch arrives; each write, once done, is acknowledged.
 * Resolves with the bytes taken.
 */
async function take (lp: ReturnType<typeof lpStream>, sink: SnapshotSink): Promise<number> {
  let batch: Uint8Array[] = []
  let batched = 0
  let taken = 0
  let writing: Promise<void> = Promise.resolve()
  const flush = async (): Promise<void> => {
    await writing
    const pieces = batch
    const bytes = batched
    batch = []
    batched = 0
    writing = (async () => {
      await sink.write(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces))
      taken += bytes
      await lp.write(varint.encode(taken), { signal: AbortSignal.timeout(STALL_MS) })
    })()
    // Awaited at the next flush or at the end; until then a failure must not go unhandled.
    writing.catch(() => {})
  }
  try {
    for (;;) {
      const frame = await lp.read({ signal: AbortSignal.timeout(STALL_MS) })
      if (frame.byteLength === 0) break
      batch.push(...frame) // its pieces as they came: the batch is joined once, when written
      batched += frame.byteLength
      if (batched >= ACK_EVERY) await flush()
    }
    if (batched > 0) await flush()
  } catch (err) {
    // The sink is aborted next: no write of it may still be under way then.
    await writing.catch(() => {})
    throw err
  }
  await writing
  return taken
}

/** The pieces regrouped into frames of FRAME_BYTES (the last may be shorter): a write per small record would cost a round of the stream's machinery each. */
async function * frames (pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let frame = new Uint8Array(FRAME_BYTES)
  let filled = 0
  for await (const piece of pieces) {
    for (let offset = 0; offset < piece.length;) {
      const taken = Math.min(piece.length - offset, FRAME_BYTES - filled)
      frame.set(piece.subarray(offset, offset + taken), filled)
      filled += taken
      offset += taken
      if (filled === FRAME_BYTES) {
        yield frame
        frame = new Uint8Array(FRAME_BYTES)
        filled = 0
      }
    }
  }
  if (filled > 0) yield frame.subarray(0, filled)
}

/** The receiver's next acknowledgement: a byte count beyond the last one. */
async function readAck (lp: ReturnType<typeof lpStream>, last: number): Promise<number> {
  const bytes = await lp.read({ signal: AbortSignal.timeout(STALL_MS) })
  let acked: number
  try {
    acked = varint.decode(bytes)
  } catch {
    throw new ProtocolViolation('malformed snapshot acknowledgement')
  }
  if (acked <= last) throw new ProtocolViolation('a snapshot acknowledgement must move forward')
  return acked
}
