// Chunks placed for a put that has not committed yet. The collector must not
// delete them: a put of content that a removed file also had would otherwise
// lose the chunk between its upload and its commit. A client that never
// commits leaves a hold that lapses after HOLD_MS. (Two puts of the same
// content at once share one hold: the first commit releases it.)
import type { ChunkRef } from './namespace.js'

export const HOLD_MS = 10 * 60_000

export class PendingPlacements {
  private readonly holds = new Map<string, number>()

  constructor (private readonly now: () => number = Date.now) {}

  hold (chunks: readonly ChunkRef[]): void {
    const until = this.now() + HOLD_MS
    for (const { cid } of chunks) this.holds.set(cid, until)
  }

  /** A commit or append referenced these chunks. */
  settle (chunks: readonly ChunkRef[]): void {
    for (const { cid } of chunks) this.holds.delete(cid)
  }

  held (cid: string): boolean {
    const until = this.holds.get(cid)
    if (until === undefined) return false
    if (until > this.now()) return true
    this.holds.delete(cid)
    return false
  }
}
