// Chunks placed for a put that has not committed yet. The collector must not
// delete them: neither a put of content that a removed file also had, nor
// the chunks of a put still going (no file references them yet). A put
// renews its holds while it runs (the `hold` request); a client that dies
// leaves holds that lapse after HOLD_MS, and its chunks become orphans for the
// collector. (Two puts of the same content at once share one hold: the first
// commit releases it.)
import type { ChunkRef } from './namespace.js'

/** `SHOAL_HOLD_MS` overrides it (tests). */
export const HOLD_MS = Number(process.env.SHOAL_HOLD_MS ?? 10 * 60_000)

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
