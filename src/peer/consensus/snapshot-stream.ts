// Raft snapshots on their own protocol, `/shoal/raft/snapshot/1.0.0`: a header,
// then the snapshot's bytes in frames of at most 1 MiB. The receiver answers
// with how many bytes it has taken every ACK_EVERY bytes, and the sender keeps
// at most WINDOW bytes unanswered: yamux grants window as bytes arrive, not as
// they are read, so without this a slow receiver would buffer the whole
// snapshot (shared/notes/libp2p-bulk.md). The message stream's 4 MiB cap never sees a snapshot, so a
// snapshot of any size reaches a new member. One transfer per group and peer
// at a time: the leader's periodic resend of an unanswered snapshot does not
// start a second copy while the first is still moving.
import type { Connection, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream } from '@libp2p/utils'
import { RaftSnapshotHeader, type RaftMessage } from '../../../protocols/raft.js'
import { describeError, type Logger } from '../log.js'
import type { PeerNode } from '../node.js'
import { decodeOrThrow, ProtocolViolation } from '../rpc.js'
import * as varint from 'uint8-varint'

export const RAFT_SNAPSHOT_PROTOCOL = '/shoal/raft/snapshot/1.0.0'
const FRAME_BYTES = 1024 * 1024
const ACK_EVERY = 4 * FRAME_BYTES
const WINDOW = 2 * ACK_EVERY
const MAX_HEADER_BYTES = 64 * 1024
/** A snapshot is assembled in memory on the receiver: more than this is refused. */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024
/** A transfer that makes no progress for this long is abandoned (the leader resends later). */
const STALL_MS = 30_000
const DIAL_TIMEOUT_MS = 5_000

export type SnapshotHandler = (message: RaftMessage, data: Uint8Array) => void

export class SnapshotStreams {
  private readonly sending = new Set<string>()
  private stopped = false

  constructor (private readonly node: PeerNode, private readonly log: Logger) {}

  async start (onSnapshot: SnapshotHandler): Promise<void> {
    await this.node.handle(RAFT_SNAPSHOT_PROTOCOL, async (stream: Stream, connection: Connection) => {
      try {
        const received = await this.receive(stream, connection)
        if (received != null) onSnapshot(received.message, received.data)
      } catch (err) {
        this.log(`snapshot from ${connection.remotePeer.toString()} dropped: ${describeError(err)}`)
        stream.abort(err instanceof Error ? err : new Error(String(err)))
      }
    }, { maxInboundStreams: 8, runOnLimitedConnection: false })
  }

  async stop (): Promise<void> {
    this.stopped = true
    await this.node.unhandle(RAFT_SNAPSHOT_PROTOCOL)
  }

  /**
   * Sends a Snapshot message with its data. Resolves when the receiver has it
   * all; false when one to the same peer for the same group is still moving.
   */
  async send (message: RaftMessage, data: Uint8Array): Promise<boolean> {
    const key = `${message.group}\n${message.to}`
    if (this.sending.has(key) || this.stopped) return false
    this.sending.add(key)
    try {
      const stream = await this.node.dialProtocol(peerIdFromString(message.to), RAFT_SNAPSHOT_PROTOCOL, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
      const lp = lpStream(stream, { maxDataLength: FRAME_BYTES })
      try {
        const header = { message: { ...message, snapshot: message.snapshot == null ? undefined : { ...message.snapshot, data: new Uint8Array() } }, size: data.length }
        await lp.write(RaftSnapshotHeader.encode(header), { signal: AbortSignal.timeout(STALL_MS) })
        let acked = 0
        for (let offset = 0; offset < data.length; offset += FRAME_BYTES) {
          while (offset - acked >= WINDOW) acked = await readAck(lp, acked)
          await lp.write(data.subarray(offset, offset + FRAME_BYTES), { signal: AbortSignal.timeout(STALL_MS) })
        }
        while (acked < data.length) acked = await readAck(lp, acked)
        await stream.close({ signal: AbortSignal.timeout(STALL_MS) })
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)))
        throw err
      }
      return true
    } finally {
      this.sending.delete(key)
    }
  }

  private async receive (stream: Stream, connection: Connection): Promise<{ message: RaftMessage, data: Uint8Array } | undefined> {
    const lp = lpStream(stream, { maxDataLength: Math.max(FRAME_BYTES, MAX_HEADER_BYTES), maxBufferSize: WINDOW + 2 * FRAME_BYTES })
    const header = decodeOrThrow(RaftSnapshotHeader, await lp.read({ signal: AbortSignal.timeout(STALL_MS) }), 'snapshot header')
    const message = header.message
    if (message?.snapshot == null || message.from !== connection.remotePeer.toString() || message.to !== this.node.peerId.toString()) {
      throw new ProtocolViolation('a snapshot header must carry a snapshot from its sender to us')
    }
    if (header.size > MAX_SNAPSHOT_BYTES) throw new ProtocolViolation(`a snapshot of ${header.size} bytes is over the ${MAX_SNAPSHOT_BYTES}-byte limit`)
    const data = new Uint8Array(header.size)
    let acked = 0
    for (let offset = 0; offset < header.size;) {
      const frame = await lp.read({ signal: AbortSignal.timeout(STALL_MS) })
      if (frame.byteLength === 0 || offset + frame.byteLength > header.size) throw new ProtocolViolation(`snapshot frames overrun the announced ${header.size} bytes`)
      for (const piece of frame) {
        data.set(piece, offset)
        offset += piece.length
      }
      if (offset - acked >= ACK_EVERY || offset === header.size) {
        await lp.write(varint.encode(offset), { signal: AbortSignal.timeout(STALL_MS) })
        acked = offset
      }
    }
    await stream.close({ signal: AbortSignal.timeout(STALL_MS) })
    return { message, data }
  }
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
