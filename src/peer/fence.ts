// Fencing for coordinator commands: every command a master or shardmaster
// sends carries its term, and a peer refuses any term older than the newest it
// has seen for that role, so a deposed coordinator cannot act after a failover.

export class StaleTermError extends Error {
  override name = 'StaleTermError'
}

export class Fence {
  private readonly newest = new Map<string, number>()

  /** Learns a term (from this peer's own consensus groups, or a reply), without judging a command. */
  observe (role: string, term: number): void {
    if (term > (this.newest.get(role) ?? 0)) this.newest.set(role, term)
  }

  /** Accepts a command stamped with `term`, or throws StaleTermError. */
  admit (role: string, term: number): void {
    const newest = this.newest.get(role) ?? 0
    if (term < newest) throw new StaleTermError(`${role} command from term ${term} refused: term ${newest} has begun`)
    this.newest.set(role, term)
  }

  term (role: string): number {
    return this.newest.get(role) ?? 0
  }
}
