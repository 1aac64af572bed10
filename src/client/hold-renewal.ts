// The master keeps an uncommitted put's chunks only for a while (`holdMs`,
// sent with every placement) before its collector may take them for the
// orphans of a dead client. A running put renews: each quarter of that time,
// every chunk placed so far is held again. So a long or stalled put (stdin
// that waits) keeps its chunks, and after a failover the new master, which
// knows nothing of the old one's holds and collects nothing for half a hold,
// learns of them in time. A put that could not renew in time (a client paused
// for longer than the hold) must not commit: its chunks may be gone.
import type { MasterClient } from './master-client.js'

const CHECK_MS = 250

export class HoldRenewal {
  private readonly placed = new Map<string, number>()
  private holdMs?: number
  /** Every chunk placed so far is held until at least this plus holdMs. */
  private coveredSince?: number
  private lastAttempt = performance.now()
  private renewing = false
  private readonly timer: NodeJS.Timeout

  constructor (private readonly master: MasterClient, readonly putId: string) {
    this.timer = setInterval(() => { this.check() }, CHECK_MS)
  }

  /** A chunk was placed at `askedAt` (performance.now() when the request went), and the master holds placements for `holdMs`. */
  place (cid: string, size: number, holdMs: number, askedAt: number): void {
    this.placed.set(cid, size)
    if (holdMs > 0) this.holdMs = holdMs
    this.coveredSince ??= askedAt
  }

  /** True if some chunk's hold may have lapsed: the put took longer than the hold without renewing. */
  lapsed (): boolean {
    return this.holdMs !== undefined && this.coveredSince !== undefined && performance.now() - this.coveredSince >= this.holdMs
  }

  stop (): void {
    clearInterval(this.timer)
  }

  private check (): void {
    if (this.holdMs === undefined || this.renewing || performance.now() - this.lastAttempt < this.holdMs / 4) return
    this.renewing = true
    const askedAt = this.lastAttempt = performance.now()
    const chunks = [...this.placed].map(([cid, size]) => ({ cid, size, replicas: [] }))
    // A failed renewal is tried again a quarter hold later: the hold outlasts three more.
    void this.master.call('hold', { chunks, putId: this.putId }).then(() => {
      this.coveredSince = askedAt
    }, () => {}).finally(() => { this.renewing = false })
  }
}
