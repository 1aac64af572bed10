// Deadlines that follow the data, for one put or read: how long its chunk
// transfers have been taking, and which peers stalled. The deadline is twice
// the slowest recent transfer: a read that hears nothing for that long asks
// the next replica too, a write not done within it checks its chain. A peer
// that stalled is tried last, or not at all, for the rest of the operation:
// a peer stopped with its connections open answers nothing, and only a
// deadline tells.

/** Transfers the deadline looks back on. */
const RECENT = 8
/** How many times the slowest recent transfer a transfer may take before it is late. */
const MULTIPLE = 2
/**
 * Also the deadline before any transfer has finished. A first chunk on
 * loopback takes tens of milliseconds; a healthy server with many chunks in
 * flight was seen silent for up to 350 ms.
 */
const FLOOR_MS = 500

export class Pace {
  private readonly recent: number[] = []
  private readonly slow = new Set<string>()
  private readonly watchers = new Set<{ ids: readonly string[], late: () => void }>()

  /** A transfer finished in `ms`. */
  record (ms: number): void {
    this.recent.push(ms)
    if (this.recent.length > RECENT) this.recent.shift()
  }

  /** Whole milliseconds after which a transfer starting now is late. */
  deadline (): number {
    return Math.max(FLOOR_MS, Math.ceil(MULTIPLE * Math.max(0, ...this.recent)))
  }

  slowPeers (): string[] {
    return [...this.slow]
  }

  /** `id` stalled: transfers waiting on it are late at once. */
  markSlow (id: string): void {
    if (this.slow.has(id)) return
    this.slow.add(id)
    for (const watcher of [...this.watchers]) if (watcher.ids.includes(id)) watcher.late()
  }

  /** `id` answered in time after all. */
  markPrompt (id: string): void {
    this.slow.delete(id)
  }

  /** The same servers, slow ones last. */
  order<T extends { id: string }> (servers: readonly T[]): T[] {
    return [...servers.filter(s => !this.slow.has(s.id)), ...servers.filter(s => this.slow.has(s.id))]
  }

  /**
   * Calls `late` once, when a transfer to `ids` starting now is late: after
   * `deadline()`, or as soon as one of them is marked slow. Returns a cancel.
   */
  whenLate (ids: readonly string[], late: () => void): () => void {
    const watcher = { ids, late: () => { cancel(); late() } }
    const timer = setTimeout(watcher.late, this.deadline())
    const cancel = (): void => {
      clearTimeout(timer)
      this.watchers.delete(watcher)
    }
    this.watchers.add(watcher)
    return cancel
  }
}
