// One LMDB environment per peer under `<home>/db`, with named sub-databases
// (`raft/<group>/log`, `raft/<group>/meta`, `chunks`, `chunks/index`, later
// `kv/*`, `mr/*`). Writes go through `write`, which never lets a full disk
// take the process down (lmdb-failures.ts says how it could).
import { open, type Database, type DatabaseOptions, type Key, type RootDatabase } from 'lmdb'
import { join } from 'node:path'
import { freeDiskBytes, WRITE_SLACK } from './disk-space.js'
import { asNoSpace, claimBatchCommits, NoSpaceError, syncToDisk } from './lmdb-failures.js'

export type { Database }

const MiB = 1024 * 1024
/** How long a write the disk refused keeps the store marked as failing writes. */
const FAILURE_MEMORY_MS = 10_000

export interface StoreOptions {
  /** Free bytes on the store's disk; default: what its filesystem says (tests pass their own). */
  freeDisk?: () => number
}

export interface WriteRoom {
  /** About how many bytes the write adds. */
  bytes: number
  /** Room the write must leave, default WRITE_SLACK; pages LMDB freed and will reuse count towards it. */
  keep?: number
  /** Wait for the disk (default), or only for the commit: for writes a crash may lose. */
  sync?: boolean
}

/** How long roughRoom() trusts its count of LMDB's reusable pages (room() and fits() always count afresh). */
const REUSABLE_RECOUNT_MS = 10_000

interface PageCounts { treeBranchPageCount: number, treeLeafPageCount: number, overflowPages: number }
interface EnvStats { pageSize: number, lastPageNumber: number, root: PageCounts, free: PageCounts }

const pagesOf = (stats: PageCounts): number => stats.treeBranchPageCount + stats.treeLeafPageCount + stats.overflowPages
const inMiB = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`

export class Store {
  readonly env: RootDatabase
  private readonly freeDisk: () => number
  /** A handle per sub-database, for its page counts. */
  private readonly statHandles = new Map<string, Database>()
  private refusedAt = -Infinity
  private reusableCounted?: { at: number, bytes: number }
  private readonly writing = new Set<Promise<void>>()
  private closing = false

  private constructor (env: RootDatabase, freeDisk: () => number) {
    this.env = env
    this.freeDisk = freeDisk
  }

  static open (home: string, options: StoreOptions = {}): Store {
    const dir = join(home, 'db')
    const env = open({ path: dir, maxDbs: 256, compression: false })
    claimBatchCommits(env)
    // A disk that cannot even say how much room it has is given no writes.
    const freeDisk = options.freeDisk ?? (() => { try { return freeDiskBytes(dir) } catch { return 0 } })
    return new Store(env, freeDisk)
  }

  db<V = any, K extends Key = string> (name: string, options: DatabaseOptions = {}): Database<V, K> {
    return this.env.openDB<V, K>({ ...options, name })
  }

  /** Bytes this store can still write: free disk, plus pages LMDB freed and will reuse before it grows its file. */
  room (): number {
    return this.freeDisk() + this.reusable()
  }

  /**
   * As room(), with LMDB's reusable pages counted at most every few seconds:
   * counting reads every sub-database's stats, and each heartbeat asks.
   */
  roughRoom (): number {
    const now = performance.now()
    if (this.reusableCounted === undefined || now - this.reusableCounted.at > REUSABLE_RECOUNT_MS) this.reusableCounted = { at: now, bytes: this.reusable() }
    return this.freeDisk() + this.reusableCounted.bytes
  }

  /** Whether a write of `bytes` fits now and leaves `keep`. */
  fits ({ bytes, keep = WRITE_SLACK }: WriteRoom): boolean {
    const free = this.freeDisk()
    // LMDB may grow its file by the whole write whatever pages it has freed: the disk itself must hold it.
    if (free < bytes + WRITE_SLACK) return false
    return free >= bytes + keep || free + this.reusable() >= bytes + keep
  }

  /** True when the disk refused a write (one that `fits` let through) in the last FAILURE_MEMORY_MS. */
  failingWrites (): boolean {
    return performance.now() - this.refusedAt < FAILURE_MEMORY_MS
  }

  /**
   * Issues `writes` (lmdb commits the writes issued in one event turn as one
   * transaction) and resolves once they are committed and (unless `sync` is
   * false) on disk. Throws
   * NoSpaceError when they do not fit (nothing is issued), or when the disk
   * refuses the commit or the sync (nothing of them is durable); any other
   * failure as it is.
   */
  async write (writes: () => Promise<unknown> | Array<Promise<unknown>>, room: WriteRoom): Promise<void> {
    if (this.closing) throw new Error('the store is closed')
    if (!this.fits(room)) {
      throw new NoSpaceError(`no room on this peer's disk for ${inMiB(room.bytes)} more (${inMiB(this.freeDisk())} free, ${inMiB(this.room())} with pages LMDB will reuse)`)
    }
    const written = this.commitAndSync(writes(), room.sync ?? true)
    this.writing.add(written)
    try {
      await written
    } finally {
      this.writing.delete(written)
    }
  }

  /** Closes the environment once every write under way is done: its sync runs on lmdb's thread pool, which must not outlive the environment. */
  async close (): Promise<void> {
    this.closing = true
    await Promise.allSettled(this.writing)
    // Writes made outside `write` (a state machine's own) start their batch on
    // the next turn: let it start and commit, or it would meet a closed environment.
    await new Promise(resolve => setImmediate(resolve))
    try {
      await this.env.committed
    } catch {
      // A failed batch is its writers' to report.
    }
    await this.env.close()
  }

  /** Bytes of pages inside LMDB's file that it freed and will reuse first: the file's pages less those every sub-database uses. */
  private reusable (): number {
    const env = this.env.getStats() as EnvStats
    let used = pagesOf(env.root) + pagesOf(env.free)
    for (const name of this.env.getKeys()) used += pagesOf(this.statHandle(String(name)).getStats() as PageCounts)
    return Math.max(0, env.lastPageNumber + 1 - used) * env.pageSize
  }

  private async commitAndSync (issued: Promise<unknown> | Array<Promise<unknown>>, sync: boolean): Promise<void> {
    try {
      await Promise.all(Array.isArray(issued) ? issued : [issued])
      if (sync) await syncToDisk(this.env)
    } catch (err) {
      const noSpace = await asNoSpace(err)
      if (noSpace === undefined) throw err
      this.refusedAt = performance.now()
      throw noSpace
    }
  }

  private statHandle (name: string): Database {
    let handle = this.statHandles.get(name)
    if (handle === undefined) {
      handle = this.env.openDB({ name })
      this.statHandles.set(name, handle)
    }
    return handle
  }
}
