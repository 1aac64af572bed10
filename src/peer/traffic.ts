// Bytes this peer's libp2p connections have carried since it started, read
// from their TCP sockets' own counters: nothing is counted per read or write.
import type { Libp2p } from '@libp2p/interface'
import type { Socket } from 'node:net'
import { rawConnection } from './raw-socket.js'

export interface TrafficTotals { bytesIn: number, bytesOut: number }

export class Traffic {
  private readonly open = new Set<Socket>()
  /** What sockets closed so far carried. */
  private readonly closed: TrafficTotals = { bytesIn: 0, bytesOut: 0 }

  /** Counts every connection of `node`, present and future (one whose socket is not reachable is left out). */
  constructor (node: Libp2p<any>) {
    node.addEventListener('connection:open', event => { this.watch(rawConnection(event.detail)?.socket) })
    for (const connection of node.getConnections()) this.watch(rawConnection(connection)?.socket)
  }

  totals (): TrafficTotals {
    const totals = { ...this.closed }
    for (const socket of this.open) {
      totals.bytesIn += socket.bytesRead
      totals.bytesOut += socket.bytesWritten
    }
    return totals
  }

  private watch (socket: Socket | undefined): void {
    if (socket === undefined || this.open.has(socket)) return
    this.open.add(socket)
    socket.once('close', () => {
      this.open.delete(socket)
      this.closed.bytesIn += socket.bytesRead
      this.closed.bytesOut += socket.bytesWritten
    })
  }
}
