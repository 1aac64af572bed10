// The master's upkeep of chunks, one pass a second: every chunk a file
// references gets back to its replication factor (copied from a live replica
// to the nearest servers that lack it), and every chunk no file references any
// more is deleted from the servers that hold it: at once when a file released
// it, and after ORPHAN_GRACE_MS for any other (the chunks of a put whose
// client died before its commit).
import type { ChunkCommand, ChunkCommandResult, Server } from '../../../protocols/dfs/dfs.js'
import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js'
import { durationFromEnv } from '../../peer/env.js'
import { describeError, type Logger } from '../../peer/log.js'
import type { MembershipView } from '../../peer/membership.js'
import type { LocationMap } from './locations.js'
import { HOLD_MS, type PendingPlacements } from './pending.js'
import { placeReplicas } from './placement.js'
import { chunkServers, describeServer } from './servers.js'
import type { MasterState } from './state.js'

/** Copies in flight at once, swarm-wide: repair must not starve clients. */
const MAX_REPAIRS_IN_FLIGHT = 8
/** Deleted chunks remembered, so a server that was away and reports one is told to delete it. */
const COLLECTED_MEMORY = 100_000
/**
 * How long a chunk must stay unreferenced and unheld, as this master sees it,
 * before it is collected; `SHOAL_ORPHAN_GRACE_MS` overrides it (tests). Never
 * shorter than a put's hold: a running put renews its holds well within that,
 * so a new master, which starts with no holds, hears from it first.
 */
const ORPHAN_GRACE_MS = Math.max(HOLD_MS, durationFromEnv('SHOAL_ORPHAN_GRACE_MS', HOLD_MS))
/**
 * A new master knows no holds: puts still running under its predecessor renew
 * theirs within a quarter hold. Until half a hold has passed, it deletes
 * nothing unreferenced (a chunk an rm released may be one such a put placed).
 */
const FIRST_DELETE_AFTER_MS = HOLD_MS / 2
/** Orphans are looked for this often (a walk of the location cache). */
const ORPHAN_SCAN_MS = Math.min(5_000, ORPHAN_GRACE_MS / 4)

export interface RepairContext {
  term: number
  state: MasterState
  view: MembershipView
  locations: LocationMap
  pending: PendingPlacements
  log: Logger
  command: (server: Server, command: ChunkCommand) => Promise<ChunkCommandResult>
  /**
   * Resolves once a quorum has confirmed this master's leadership (ReadIndex).
   * A deposed master that has not heard of its successor must not delete what
   * the successor may have referenced since.
   */
  confirmLeadership: () => Promise<void>
  /** Servers the DHT says provide `cid`: asked when no report names a live holder. */
  providers: (cid: string) => Promise<string[]>
}

/** DHT lookups at once, and how soon the same chunk is looked up again. */
const MAX_LOOKUPS_IN_FLIGHT = 4
const LOOKUP_AGAIN_MS = 30_000

export class Repairer {
  private readonly context: RepairContext
  private readonly repairing = new Set<string>()
  private readonly collecting = new Set<string>()
  private readonly collected = new Set<string>()
  private readonly unrecoverable = new Set<string>()
  private readonly lookedUp = new Map<string, number>()
  /** Deletes sent and not yet answered, by chunk. */
  private readonly deleting = new Map<string, Set<Promise<unknown>>>()
  /** Unreferenced, unheld chunks servers hold, with when this master first saw each so. */
  private orphanSince = new Map<string, number>()
  private lastOrphanScan = -Infinity
  private readonly startedAt = performance.now()
  private lookups = 0

  constructor (context: RepairContext) {
    this.context = context
  }

  /** Chunks the namespace released: deleted on the next pass unless referenced or held again by then. */
  released (cids: readonly string[]): void {
    for (const cid of cids) this.collecting.add(cid)
  }

  /** A server reported holding `cid`: if it is one already collected and still unreferenced, delete it there too. */
  reported (server: string, cid: string): void {
    if (this.collected.has(cid) && this.isGarbage(cid)) void this.delete(server, [cid])
  }

  /**
   * Resolves once no delete of these chunks is in flight. A put placing a
   * chunk waits for this, so a delete sent before the put cannot land on a
   * server after the put stored the same content there.
   */
  async settled (cids: readonly string[]): Promise<void> {
    await Promise.allSettled(cids.flatMap(cid => [...this.deleting.get(cid) ?? []]))
  }

  pass (): void {
    this.findOrphans()
    this.collect()
    this.repair()
  }

  private isGarbage (cid: string): boolean {
    // A chunk of a running job's input is still read, though the file may be gone (the job reads its input as it was).
    return this.context.state.namespace.refCount(cid) === 0 && !this.context.pending.held(cid) && !this.context.state.jobs.readsChunk(cid)
  }

  private collect (): void {
    if (performance.now() - this.startedAt < FIRST_DELETE_AFTER_MS) return
    const byServer = new Map<string, string[]>()
    for (const cid of [...this.collecting]) {
      // A chunk held for a put in progress waits; a referenced one is no longer garbage.
      if (this.context.pending.held(cid)) continue
      this.collecting.delete(cid)
      if (!this.isGarbage(cid)) continue
      this.remember(cid)
      for (const server of this.context.locations.holders(cid)) {
        byServer.set(server, [...byServer.get(server) ?? [], cid])
      }
    }
    for (const [server, cids] of byServer) void this.delete(server, cids)
  }

  /** Chunks orphaned for the whole grace period join those to collect. */
  private findOrphans (): void {
    const now = performance.now()
    if (now - this.lastOrphanScan < ORPHAN_SCAN_MS) return
    this.lastOrphanScan = now
    const orphans = new Map<string, number>()
    let expired = 0
    for (const cid of this.context.locations.chunks()) {
      if (!this.isGarbage(cid) || this.collecting.has(cid) || this.deleting.has(cid)) continue
      const since = this.orphanSince.get(cid) ?? now
      if (now - since < ORPHAN_GRACE_MS) {
        orphans.set(cid, since)
      } else {
        this.collecting.add(cid)
        expired++
      }
    }
    this.orphanSince = orphans
    if (expired > 0) this.context.log(`collecting ${expired} orphan chunk(s): no file references them and no put has held them for ${ORPHAN_GRACE_MS / 1000} s`)
  }

  private async delete (server: string, cids: string[]): Promise<void> {
    const { view, locations, log, term } = this.context
    if (view.state(server) === 'dead') return // told when it reports them again
    const sent = this.context.confirmLeadership().then(async () => await this.context.command(describeServer(view, server), {
      term, op: 'delete', chunks: cids.map(cid => ({ cid, size: 0, replicas: [] })), sources: []
    }))
    for (const cid of cids) this.deleting.set(cid, (this.deleting.get(cid) ?? new Set()).add(sent))
    try {
      const result = await sent
      for (const cid of result.done) locations.remove(server, cid)
      if (result.error !== '') log(`delete on ${server} refused: ${result.message}`)
    } catch (err) {
      log(`delete of ${cids.length} chunk(s) on ${server} failed: ${describeError(err)}`)
    } finally {
      for (const cid of cids) {
        const pending = this.deleting.get(cid)
        pending?.delete(sent)
        if (pending?.size === 0) this.deleting.delete(cid)
      }
    }
  }

  private remember (cid: string): void {
    this.collected.add(cid)
    if (this.collected.size > COLLECTED_MEMORY) this.collected.delete(this.collected.values().next().value as string)
  }

  private repair (): void {
    const { state, view, locations, log } = this.context
    const candidates = chunkServers(view)
    for (const demand of state.namespace.chunks()) {
      if (this.repairing.size >= MAX_REPAIRS_IN_FLIGHT) return
      if (this.repairing.has(demand.cid)) continue
      const holders = locations.holders(demand.cid)
      const present = holders.filter(id => view.state(id) !== 'dead')
      if (present.length >= demand.replicas) {
        this.unrecoverable.delete(demand.cid)
        this.trim(demand.cid, demand.replicas, holders)
        continue
      }
      const sources = holders.filter(id => view.state(id) === 'alive')
      if (sources.length === 0) {
        if (!this.unrecoverable.has(demand.cid)) log(`chunk ${demand.cid} has no live replica known; asking the DHT, and waiting for a server to report it`)
        this.unrecoverable.add(demand.cid)
        this.lookUp(demand.cid)
        continue
      }
      const targets = placeReplicas(demand.cid, candidates, demand.replicas - present.length, { exclude: holders, minFreeBytes: FREE_DISK_HEADROOM + demand.size })
      if (targets.length === 0) continue
      this.repairing.add(demand.cid)
      void this.copy(demand.cid, demand.size, sources, targets).finally(() => this.repairing.delete(demand.cid))
    }
  }

  /**
   * A chunk on more servers than it wants (a dead server came back after its
   * copies were re-made elsewhere) loses the copies farthest from it in XOR
   * distance. Only while every holder is alive, so a flapping server never
   * costs a copy, and never for a chunk a put in progress placed. A server
   * back from suspect or dead counts only once its full report came after its
   * return: it may have come back with its disk wiped.
   */
  private trim (cid: string, replicas: number, listed: string[]): void {
    const { view, pending, locations } = this.context
    if (!listed.every(id => view.state(id) === 'alive')) return
    const holders = listed.filter(id => view.epoch(id) === 0 || locations.reportedSince(id, view.epoch(id)))
    if (holders.length <= replicas || pending.held(cid) || this.deleting.has(cid)) return
    const ranked = placeReplicas(cid, holders.map(id => ({ id, state: 'alive' as const, freeDisk: Number.MAX_SAFE_INTEGER })), holders.length)
    for (const extra of ranked.slice(replicas)) void this.delete(extra, [cid])
  }

  /** Adds the live providers the DHT knows for `cid` to the location cache. */
  private lookUp (cid: string): void {
    const { view, locations, log } = this.context
    const now = Date.now()
    if (this.lookups >= MAX_LOOKUPS_IN_FLIGHT || (this.lookedUp.get(cid) ?? 0) > now - LOOKUP_AGAIN_MS) return
    this.lookedUp.set(cid, now)
    this.lookups++
    void this.context.providers(cid).then(ids => {
      for (const id of ids.filter(id => view.state(id) === 'alive')) {
        locations.add(id, cid)
        log(`the DHT names ${id} as a holder of ${cid}`)
      }
    }, (err: unknown) => { log(`DHT lookup of ${cid} failed: ${describeError(err)}`) }).finally(() => { this.lookups-- })
  }

  private async copy (cid: string, size: number, sources: string[], targets: string[]): Promise<void> {
    const { view, locations, log, term } = this.context
    const from = sources.map(id => describeServer(view, id))
    await Promise.all(targets.map(async target => {
      try {
        const result = await this.context.command(describeServer(view, target), { term, op: 'replicate', chunks: [{ cid, size, replicas: from }], sources: [] })
        if (result.done.includes(cid)) {
          locations.add(target, cid)
          log(`re-replicated ${cid} to ${target}`)
        } else {
          log(`re-replication of ${cid} to ${target} failed: ${result.message || result.failed.map(f => f.message).join('; ')}`)
        }
      } catch (err) {
        log(`re-replication of ${cid} to ${target} failed: ${describeError(err)}`)
      }
    }))
  }
}
