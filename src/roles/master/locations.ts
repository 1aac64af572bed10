// Which chunk server holds which chunk, as the master knows it. Not in the
// log: it is a cache of what chunk servers report (a full report when a new
// master takes over, then what they gain and lose) and of what puts and
// repairs confirm, so a new master rebuilds it in a few seconds.

export interface ReportPage {
  full: boolean
  last: boolean
  added: readonly string[]
  removed: readonly string[]
}

export class LocationMap {
  private readonly byChunk = new Map<string, Set<string>>()
  private readonly byServer = new Map<string, Set<string>>()
  /** A full report arriving page by page; it replaces the server's set on its last page. */
  private readonly assembling = new Map<string, Set<string>>()
  /** Per server, the failure detector's epoch of it (MembershipView.epoch) when its last full report came. */
  private readonly reported = new Map<string, number>()

  add (server: string, cid: string): void {
    link(this.byChunk, cid, server)
    link(this.byServer, server, cid)
  }

  remove (server: string, cid: string): void {
    unlink(this.byChunk, cid, server)
    unlink(this.byServer, server, cid)
  }

  /** The servers known to hold `cid`, whatever their liveness. */
  holders (cid: string): string[] {
    return [...this.byChunk.get(cid) ?? []]
  }

  /** Every chunk some server is known to hold. */
  chunks (): IterableIterator<string> {
    return this.byChunk.keys()
  }

  /** True once `server` has sent a whole full report to this master. */
  hasReported (server: string): boolean {
    return this.reported.has(server)
  }

  /** True once `server` sent a whole full report since it last came back (`epoch` is the view's epoch of it now). */
  reportedSince (server: string, epoch: number): boolean {
    return this.reported.get(server) === epoch
  }

  /** Applies a report page; a full report's last page replaces everything known of the server (`epoch`: the view's epoch of it now). */
  report (server: string, page: ReportPage, epoch = 0): void {
    for (const cid of page.removed) this.remove(server, cid)
    if (!page.full) {
      for (const cid of page.added) this.add(server, cid)
      return
    }
    const listed = this.assembling.get(server) ?? new Set<string>()
    for (const cid of page.added) listed.add(cid)
    this.assembling.set(server, listed)
    if (!page.last) return
    this.assembling.delete(server)
    for (const cid of this.byServer.get(server) ?? []) {
      if (!listed.has(cid)) this.remove(server, cid)
    }
    for (const cid of listed) this.add(server, cid)
    this.reported.set(server, epoch)
  }
}

function link (map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key)
  if (set === undefined) {
    set = new Set()
    map.set(key, set)
  }
  set.add(value)
}

function unlink (map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key)
  if (set === undefined) return
  set.delete(value)
  if (set.size === 0) map.delete(key)
}
