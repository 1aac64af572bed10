// The master keeps an uncommitted put's chunks only for a while (`holdMs`,
// sent with every placement) before its collector may take them for the
// orphans of a dead client. A running put renews: each quarter of that time,
// every chunk placed so far is held again. So a long or stalled put (stdin
// that waits) keeps its chunks, and after a failover the new master, which
// knows nothing of the old one's holds, learns of them well within its grace.
import type { MasterClient } from './master-client.js'

const CHECK_MS = 250

export class HoldRenewal {
  private readonly placed = new Map<string, number>()
  private holdMs?: number
  private lastRenewal = Date.now()
  private renewing = false
  private readonly timer: NodeJS.Timeout

  constructor (private readonly master: MasterClient) {
    this.timer = setInterval(() => { this.check() }, CHECK_MS)
  }

  /** A chunk was placed, and the master holds placements for `holdMs`. */
  place (cid: string, size: number, holdMs: number): void {
    this.placed.set(cid, size)
    if (holdMs > 0) this.holdMs = holdMs
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private check (): void {
    if (this.holdMs === undefined || this.renewing || Date.now() - this.lastRenewal < this.holdMs / 4) return
    this.renewing = true
    this.lastRenewal = Date.now()
    const chunks = [...this.placed].map(([cid, size]) => ({ cid, size, replicas: [] }))
    // A failed renewal is tried again at the next check: the hold outlasts several.
    void this.master.request({ op: 'hold', chunks }).then(() => {}, () => { this.lastRenewal = 0 }).finally(() => { this.renewing = false })
  }
}
