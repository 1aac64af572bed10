// Drives one RaftCore: ticks it, feeds it messages, and for each Ready batch
// persists (LMDB) before sending, then applies committed entries to the state
// machine. Every input goes through one serial loop, so the core never sees a
// step between ready() and advance().
import { EventEmitter } from 'node:events'
import type { Database } from 'lmdb'
import type { Logger } from '../log.js'
import type { Store } from '../store.js'
import { RaftCore } from './core.js'
import { DurableWriter, MAX_WAITING_INPUTS, readyBytes } from './durable-write.js'
import { EntryType, Role, type ConfChange, type ConfState, type Entry, type HardState, type Message, type Ready, type Snapshot, type Status } from './types.js'

export interface StateMachine {
  /** Applies a committed command; what it returns resolves the proposal. */
  apply: (data: Uint8Array, index: number) => unknown
  snapshot: () => Uint8Array
  restore: (data: Uint8Array) => void
}

export interface Timing {
  tickMs: number
  electionTicks: number
  heartbeatTicks: number
}

/**
 * Heartbeats every 50 ms, election timeout randomised in [250, 500) ms. The
 * 10 ms tick matters: with 25 ms ticks there were only ten distinct timeouts,
 * so two followers often campaigned in the same tick and split the vote.
 */
export const DEFAULT_TIMING: Timing = { tickMs: 10, electionTicks: 25, heartbeatTicks: 5 }

const SNAPSHOT_EVERY_ENTRIES = 1_000

export interface GroupOptions {
  group: string
  self: string
  store: Store
  stateMachine: StateMachine
  send: (message: Message) => void
  log: Logger
  timing?: Timing
  /** Conf for a brand-new group with no persisted state (a one-voter bootstrap). */
  bootstrapConf?: ConfState
  /** Snapshot the state machine and drop the log behind it every this many applied entries. */
  snapshotEvery?: number
}

interface Waiter {
  term: number
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

interface StoredEntry { term: number, type: EntryType, data: Uint8Array }

export class ProposalDroppedError extends Error {
  override name = 'ProposalDroppedError'
}

export interface LeaderChange { leader: string, term: number, isSelf: boolean }

/** One consensus group on this peer. Emits 'leader' (LeaderChange) and, when it halts on an error, 'error'. */
export class RaftGroup extends EventEmitter {
  readonly group: string
  private readonly core: RaftCore
  private readonly options: GroupOptions
  private readonly meta: Database<any, string>
  private readonly entries: Database<StoredEntry, number>
  private readonly inbox: Array<{ input: () => void, dropped?: () => void }> = []
  private readonly waiters = new Map<number, Waiter>()
  private readonly writer: DurableWriter
  private pumping = false
  private timer?: NodeJS.Timeout
  private lastLeader = ''
  private lastTerm = 0
  private snapshotIndex: number
  private stopped = false

  private constructor (options: GroupOptions, core: RaftCore, meta: Database<any, string>, entries: Database<StoredEntry, number>, snapshotIndex: number) {
    super()
    this.group = options.group
    this.options = options
    this.core = core
    this.meta = meta
    this.entries = entries
    this.snapshotIndex = snapshotIndex
    this.writer = new DurableWriter({ what: `raft group ${options.group}`, log: options.log })
  }

  /** True when this peer has persisted state for the group (it was a member once). */
  static hasState (store: Store, group: string): boolean {
    return store.db(`raft/${group}/meta`).get('hardState') != null
  }

  static open (options: GroupOptions): RaftGroup {
    const meta = options.store.db<any, string>(`raft/${options.group}/meta`)
    const entries = options.store.db<StoredEntry, number>(`raft/${options.group}/log`)
    const hardState: HardState | undefined = meta.get('hardState')
    const snapshot: Snapshot | undefined = meta.get('snapshot')
    const log: Entry[] = []
    for (const { key, value } of entries.getRange({ start: (snapshot?.index ?? 0) + 1 })) {
      log.push({ index: key, term: value.term, type: value.type, data: value.data })
    }
    if (snapshot != null) options.stateMachine.restore(snapshot.data)
    const timing = options.timing ?? DEFAULT_TIMING
    const core = new RaftCore({
      id: options.self,
      electionTicks: timing.electionTicks,
      heartbeatTicks: timing.heartbeatTicks,
      random: Math.random,
      hardState,
      snapshot,
      entries: log,
      applied: snapshot?.index ?? 0,
      conf: hardState == null && snapshot == null ? options.bootstrapConf : undefined
    })
    return new RaftGroup(options, core, meta, entries, snapshot?.index ?? 0)
  }

  start (): void {
    const { tickMs } = this.options.timing ?? DEFAULT_TIMING
    // A group whose write waits for disk drops ticks and messages (durable-write.ts).
    this.timer = setInterval(() => { if (!this.writer.blocked) this.enqueue(() => { this.core.tick() }) }, tickMs)
    this.enqueue(() => {})
  }

  stop (): void {
    this.stopped = true
    clearInterval(this.timer)
    this.writer.stop()
    for (const { dropped } of this.inbox.splice(0, this.inbox.length)) dropped?.()
    for (const waiter of this.waiters.values()) waiter.reject(new ProposalDroppedError('consensus group stopped'))
    this.waiters.clear()
  }

  step (message: Message): void {
    if (!this.writer.blocked) this.enqueue(() => { this.core.step(message) })
  }

  reportUnreachable (to: string): void {
    this.enqueue(() => { this.core.reportUnreachable(to) })
  }

  campaign (): void {
    this.enqueue(() => { this.core.campaign() })
  }

  transferLeadership (to: string): void {
    this.enqueue(() => {
      // Leadership may have moved since the caller looked: then there is nothing to hand over.
      try { this.core.transferLeadership(to) } catch (err) { this.options.log.error(`leadership not handed to ${to}`, err) }
    })
  }

  status (): Status {
    return this.core.status()
  }

  /** Proposes a command; resolves with the state machine's result once applied here. */
  async propose (data: Uint8Array, signal?: AbortSignal): Promise<unknown> {
    return this.submit(() => this.core.propose(data), signal)
  }

  async proposeConfChange (change: ConfChange, signal?: AbortSignal): Promise<void> {
    await this.submit(() => this.core.proposeConfChange(change), signal)
  }

  private async submit (propose: () => number, signal?: AbortSignal): Promise<unknown> {
    if (this.stopped) throw new ProposalDroppedError('consensus group stopped')
    signal?.throwIfAborted()
    const { promise, resolve, reject } = Promise.withResolvers<unknown>()
    // The abort listener is attached before queueing, so a proposal settles on
    // its signal even if the group stops before the proposal reaches the core.
    const onAbort = (): void => { reject(signal?.reason) }
    signal?.addEventListener('abort', onAbort, { once: true })
    this.enqueue(() => {
      try {
        const index = propose()
        this.waiters.get(index)?.reject(new ProposalDroppedError('log index reused by a newer proposal'))
        this.waiters.set(index, { term: this.core.status().term, resolve, reject })
      } catch (err) {
        reject(err as Error)
      }
    }, () => { reject(new ProposalDroppedError('consensus group stopped')) })
    try {
      return await promise
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  private enqueue (input: () => void, dropped?: () => void): void {
    if (this.stopped || (this.writer.blocked && this.inbox.length >= MAX_WAITING_INPUTS)) {
      dropped?.()
      return
    }
    this.inbox.push({ input, dropped })
    if (!this.pumping) void this.pump()
  }

  private async pump (): Promise<void> {
    this.pumping = true
    try {
      while (this.inbox.length > 0 && !this.stopped) {
        for (const { input } of this.inbox.splice(0, this.inbox.length)) input()
        while (this.core.hasReady() && !this.stopped) {
          const ready = this.core.ready()
          if (!await this.writer.write(async () => { await this.persist(ready) })) return
          for (const message of ready.messages) this.options.send(message)
          if (ready.snapshot != null) this.installSnapshot(ready.snapshot)
          this.apply(ready.committed)
          this.core.advance(ready)
          await this.maybeCompact()
        }
        this.noticeChanges()
      }
    } catch (err) {
      this.options.log.error(`raft group ${this.group} halted`, err)
      this.stop()
      // Consensus state can no longer be trusted to match the disk: the owner must stop the peer.
      if (this.listenerCount('error') > 0) this.emit('error', err)
    } finally {
      this.pumping = false
    }
  }

  private async persist (ready: Ready): Promise<void> {
    if (ready.hardState == null && ready.entries.length === 0 && ready.snapshot == null) return
    // Resolves once on disk: a vote or an ack must not leave before.
    await this.options.store.write(() => this.meta.transaction(() => {
      if (ready.snapshot != null) {
        // A snapshot from the leader replaces the whole log: entries past it may conflict with the leader's.
        this.meta.put('snapshot', ready.snapshot)
        for (const key of this.entries.getKeys()) this.entries.remove(key)
      }
      if (ready.entries.length > 0) {
        for (const key of this.entries.getKeys({ start: ready.entries[0].index })) this.entries.remove(key)
        for (const e of ready.entries) this.entries.put(e.index, { term: e.term, type: e.type, data: e.data })
      }
      if (ready.hardState != null) this.meta.put('hardState', ready.hardState)
    }), { bytes: readyBytes(ready) })
  }

  private installSnapshot (snapshot: Snapshot): void {
    this.options.stateMachine.restore(snapshot.data)
    this.snapshotIndex = snapshot.index
    for (const [index, waiter] of this.waiters) {
      if (index > snapshot.index) continue
      this.waiters.delete(index)
      waiter.reject(new ProposalDroppedError('outcome unknown: the log up to this proposal was replaced by a snapshot'))
    }
  }

  private apply (committed: Entry[]): void {
    for (const entry of committed) {
      let result: unknown
      let failure: Error | undefined
      if (entry.type === EntryType.Normal) {
        try {
          result = this.options.stateMachine.apply(entry.data, entry.index)
        } catch (err) {
          failure = err as Error
        }
      }
      const waiter = this.waiters.get(entry.index)
      if (waiter == null) continue
      this.waiters.delete(entry.index)
      if (waiter.term !== entry.term) waiter.reject(new ProposalDroppedError('leadership changed before the proposal committed'))
      else if (failure != null) waiter.reject(failure)
      else waiter.resolve(result)
    }
  }

  private async maybeCompact (): Promise<void> {
    const { applied } = this.core.status()
    if (applied - this.snapshotIndex < (this.options.snapshotEvery ?? SNAPSHOT_EVERY_ENTRIES)) return
    const snapshot = this.core.compact(applied, this.options.stateMachine.snapshot())
    this.snapshotIndex = snapshot.index
    // Skipped on a full disk: the log stays until the next compaction, and a restart replays more of it.
    await this.writer.tryOnce('compaction', async () => {
      await this.options.store.write(() => this.meta.transaction(() => {
        this.meta.put('snapshot', snapshot)
        for (const key of this.entries.getKeys({ end: snapshot.index + 1 })) this.entries.remove(key)
      }), { bytes: snapshot.data.length })
    })
  }

  private noticeChanges (): void {
    const status = this.core.status()
    const leader = status.role === Role.Leader ? status.id : status.leader
    if (leader === this.lastLeader && status.term === this.lastTerm) return
    this.lastLeader = leader
    this.lastTerm = status.term
    // A proposal outlives its leader's term: it may still commit under the next
    // leader, so it settles when its index is applied (or by its signal), never
    // here with a retryable "not leader" that would make a client apply it twice.
    try {
      this.emit('leader', { leader, term: status.term, isSelf: leader === status.id } satisfies LeaderChange)
    } catch (err) {
      this.options.log.error('a leadership listener failed', err)
    }
  }
}
