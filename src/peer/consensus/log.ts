// One node's Raft log in memory: the latest snapshot (the compacted prefix),
// the entries after it, and how far the driver has persisted and applied them.
import type { Entry, Snapshot } from './types.js'

export class RaftLog {
  /** The compacted prefix; index 0, term 0 when nothing was ever compacted. */
  snapshot: Snapshot
  /** Entries snapshot.index+1 .. lastIndex(), in order. */
  entries: Entry[]
  committed: number
  /** Last index the driver applied (advanced). */
  applied: number
  /** Last committed index handed out in a Ready (>= applied). */
  applying: number
  /** Last index the driver persisted (advanced). */
  stabled: number
  /** Last index handed out in a Ready to persist (>= stabled). */
  persisting: number
  /** A snapshot from the leader not yet handed out in a Ready. */
  unstableSnapshot: Snapshot | undefined

  constructor (snapshot: Snapshot, entries: Entry[]) {
    this.snapshot = snapshot
    this.entries = entries.filter(e => e.index > snapshot.index)
    this.entries.forEach((e, k) => {
      if (e.index !== snapshot.index + 1 + k) throw new RangeError(`restored entries are not contiguous after index ${snapshot.index}`)
    })
    this.committed = this.applied = this.applying = snapshot.index
    this.stabled = this.persisting = this.lastIndex()
  }

  firstIndex (): number { return this.snapshot.index + 1 }
  lastIndex (): number { return this.snapshot.index + this.entries.length }
  lastTerm (): number { return this.term(this.lastIndex()) ?? 0 }

  /** The term of the entry at `index`, or undefined when it is compacted away or beyond the log. */
  term (index: number): number | undefined {
    if (index === this.snapshot.index) return this.snapshot.term
    if (index < this.snapshot.index || index > this.lastIndex()) return undefined
    return this.entries[index - this.snapshot.index - 1].term
  }

  matchTerm (index: number, term: number): boolean { return this.term(index) === term }

  /** Raft's vote rule: a log ending at (index, term) is at least as up to date as ours. */
  isUpToDate (index: number, term: number): boolean {
    const lastTerm = this.lastTerm()
    return term > lastTerm || (term === lastTerm && index >= this.lastIndex())
  }

  /** Entries in [lo, hi); both within the log. */
  slice (lo: number, hi: number): Entry[] {
    const offset = this.snapshot.index + 1
    return this.entries.slice(lo - offset, hi - offset)
  }

  /** The index of the first of `entries` that our log lacks or holds with another term; 0 when all match. */
  findConflict (entries: Entry[]): number {
    for (const e of entries) if (!this.matchTerm(e.index, e.term)) return e.index
    return 0
  }

  /**
   * The last index <= `index` whose term is <= `term`, with that term (0 when
   * unknown). No entry after it can match a log whose entry at `index` has
   * `term`, so a leader can skip a whole term at once when backing off.
   */
  findConflictByTerm (index: number, term: number): [number, number] {
    for (; index > 0; index--) {
      const t = this.term(index)
      if (t === undefined) return [index, 0]
      if (t <= term) return [index, t]
    }
    return [0, 0]
  }

  /** Appends `entries`, first replacing any we hold from entries[0].index on. */
  append (entries: Entry[]): void {
    const first = entries[0].index
    this.entries.length = first - this.snapshot.index - 1
    for (const e of entries) this.entries.push(e)
    this.stabled = Math.min(this.stabled, first - 1)
    this.persisting = Math.min(this.persisting, first - 1)
  }

  commitTo (index: number): void {
    this.committed = Math.max(this.committed, Math.min(index, this.lastIndex()))
  }

  /** Replaces the whole log with a snapshot from the leader; `applied` moves only when the driver has restored it (appliedTo). */
  restore (s: Snapshot): void {
    this.snapshot = s
    this.entries = []
    this.committed = this.applying = this.stabled = this.persisting = s.index
    this.unstableSnapshot = s
  }

  /** Drops the entries up to `s.index`, which the driver has applied and snapshotted. */
  compact (s: Snapshot): void {
    this.entries = this.entries.slice(s.index - this.snapshot.index)
    this.snapshot = s
    this.stabled = Math.max(this.stabled, s.index)
    this.persisting = Math.max(this.persisting, s.index)
  }

  unstableEntries (): Entry[] { return this.slice(this.persisting + 1, this.lastIndex() + 1) }
  nextCommitted (): Entry[] { return this.slice(this.applying + 1, this.committed + 1) }

  /** The driver persisted up to (index, term); ignored when that entry has since been replaced. */
  stableTo (index: number, term: number): void {
    if (index > this.stabled && this.matchTerm(index, term)) this.stabled = index
    this.persisting = Math.max(this.persisting, this.stabled)
  }

  appliedTo (index: number): void {
    this.applied = Math.max(this.applied, index)
    this.applying = Math.max(this.applying, this.applied)
  }
}
