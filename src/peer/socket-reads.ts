// At most READ_BUDGET_BYTES read from one socket per turn of the event loop.
// Node reads a socket until it is empty or 32 reads of 64 KiB have been
// taken, and libp2p decrypts, demultiplexes and hands over each read at once:
// a peer taking chunks from several clients at a time spent tens of
// milliseconds of CPU in one turn, which a busy machine stretched into
// hundreds, and its Raft ticks and heartbeats waited that long. Past the
// budget the socket sits out until the next turn (TCP holds the rest back),
// so timers run between every few hundred KiB of input.
import type { Connection, Libp2p } from '@libp2p/interface'
import { rawConnection } from './raw-socket.js'

export const READ_BUDGET_BYTES = 256 * 1024

const budgeted = new WeakSet<object>()

/** Limits what one turn reads from the connection's socket; false if its socket is not reachable. */
export function budgetReads (connection: Connection): boolean {
  const raw = rawConnection(connection)
  if (raw == null || budgeted.has(raw)) return raw != null
  budgeted.add(raw)
  const { socket, sendPause, sendResume } = raw
  // libp2p pauses the socket too (backpressure): it resumes only when neither pause holds.
  let pausedByLibp2p = false
  let sittingOut = false
  raw.sendPause = () => {
    pausedByLibp2p = true
    sendPause.call(raw)
  }
  raw.sendResume = () => {
    pausedByLibp2p = false
    if (!sittingOut) sendResume.call(raw)
  }
  let read = 0
  socket.on('data', (bytes: Uint8Array) => {
    read += bytes.byteLength
    if (read < READ_BUDGET_BYTES || sittingOut) return
    read = 0
    sittingOut = true
    socket.pause()
    setImmediate(() => {
      sittingOut = false
      if (!pausedByLibp2p) socket.resume()
    })
  })
  return true
}

/** Applies budgetReads to every connection of `node`, present and future. */
export function budgetSocketReads (node: Libp2p<any>): void {
  node.addEventListener('connection:open', event => { budgetReads(event.detail) })
  for (const connection of node.getConnections()) budgetReads(connection)
}
