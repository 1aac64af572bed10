// One consensus group on this peer: its RaftCore, its state machine, and the
// callers waiting on proposals and reads. The GroupHost (host.ts) drives every
// group: it feeds inputs, persists each Ready, then calls deliver() to send,
// apply and advance. Inputs queue in the host, so the core never sees a step
// between ready() and advance().
import { EventEmitter } from 'node:events'
import type { Logger } from '../log.js'
import { NotLeaderError, RaftCore } from './core.js'
import type { PersistedGroup } from './storage.js'
import type { SnapshotSink } from './snapshot-stream.js'
import { EntryType, MessageType, Role, type ConfChange, type ConfState, type Entry, type Message, type Ready, type Snapshot, type Status } from './types.js'

/** A state held in memory: a snapshot is its bytes, kept in the Raft store. */
export interface StateMachine {
  /** Applies a committed command; what it returns resolves the proposal. */
  apply: (data: Uint8Array, index: number) => unknown
  snapshot: () => Uint8Array
  restore: (data: Uint8Array) => void
}

/**
 * A state kept in LMDB beside the Raft log. It writes its applied index in the
 * same transaction as each command's effect (writes need not wait for the
 * disk: what a crash loses is replayed from the log), so a restart replays
 * nothing it has applied. It is its own snapshot: compaction only drops the
 * log, and a follower that needs a snapshot gets one streamed from a read
 * transaction.
 */
export interface DurableStateMachine {
  durable: true
  /** Applies a committed command at `index` (never one at or below appliedIndex()). */
  apply: (data: Uint8Array, index: number) => unknown
  /** Records that the entry at `index` (a no-op, a membership change) was applied without touching the state. */
  skip: (index: number) => void
  /** The index of the last entry applied (or of the snapshot installed). */
  appliedIndex: () => number
  /** Resolves once everything applied so far is committed to LMDB. */
  flush: () => Promise<void>
  /** A consistent view of the committed state: what a read transaction sees now. */
  readSnapshot: () => SnapshotReader
  /** Receives a snapshot into a staging area: nothing visible changes until commit. */
  beginInstall: () => SnapshotInstall
}

export interface SnapshotReader {
  /** The applied index of the state it reads. */
  index: number
  chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  /** Ends the view (its read transaction); called whether or not it was read. */
  close: () => void
}

export interface SnapshotInstall {
  write: (bytes: Uint8Array) => Promise<void> | void
  /**
   * Writes the switch to the received state at `index`. It runs inside the
   * transaction that records the snapshot in the Raft log, so both land or
   * neither; it may run again if that transaction is retried.
   */
  commit: (index: number) => void
  /** The switch is on disk: the received state is the state. */
  committed: () => void
  abort: () => void
}

function isDurable (machine: StateMachine | DurableStateMachine): machine is DurableStateMachine {
  return 'durable' in machine && machine.durable
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
const COMPACT_RETRY_MS = 100
const EMPTY = new Uint8Array(0)

export interface GroupOptions {
  group: string
  stateMachine: StateMachine | DurableStateMachine
  log: Logger
  /** Conf for a brand-new group with no persisted state (a one-voter bootstrap). */
  bootstrapConf?: ConfState
  /** Snapshot the state machine and drop the log behind it every this many applied entries. */
  snapshotEvery?: number
}

/** What the host lends a group. */
export interface GroupContext {
  self: string
  timing: Timing
  /** `snapshot` goes with a Snapshot message of a durable state: its data, streamed. */
  send: (group: string, message: Message, snapshot?: SnapshotReader) => void
  /** Queues `input` for the host's loop; `dropped` runs instead if the group closes first. */
  enqueue: (group: string, input: () => void, dropped?: () => void) => void
  compact: (group: string, snapshot: Snapshot) => Promise<void>
}

interface Waiter {
  term: number
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

export class ProposalDroppedError extends Error {
  override name = 'ProposalDroppedError'
}

export interface LeaderChange { leader: string, term: number, isSelf: boolean }

/** Emits 'leader' (LeaderChange) when leadership changes. */
export class RaftGroup extends EventEmitter {
  readonly group: string
  private readonly core: RaftCore
  private readonly options: GroupOptions
  private readonly context: GroupContext
  private readonly waiters = new Map<number, Waiter>()
  /** Reads asked of the core and not yet confirmed, by read id. */
  private readonly reads = new Map<number, Waiter>()
  /** Confirmed reads waiting for their index to apply. */
  private confirmed: Array<{ index: number, waiter: Waiter }> = []
  private nextReadId = 0
  private compactWanted = false
  /** A durable state's snapshot being received. */
  private receiving?: { abort: () => void }
  /** A durable state's snapshot received and stepped, waiting for the Ready that records it. */
  private installing?: { index: number, install: SnapshotInstall }
  private lastLeader = ''
  private lastTerm = 0
  private snapshotIndex: number
  private closed = false

  constructor (options: GroupOptions, context: GroupContext, persisted: PersistedGroup) {
    super()
    this.group = options.group
    this.options = options
    this.context = context
    const { incarnation, hardState, snapshot, entries } = persisted
    const machine = options.stateMachine
    if (snapshot != null && !isDurable(machine)) machine.restore(snapshot.data)
    this.core = new RaftCore({
      id: context.self,
      incarnation,
      electionTicks: context.timing.electionTicks,
      heartbeatTicks: context.timing.heartbeatTicks,
      random: Math.random,
      hardState,
      snapshot,
      entries,
      applied: isDurable(machine) ? machine.appliedIndex() : snapshot?.index ?? 0,
      conf: hardState == null && snapshot == null ? options.bootstrapConf : undefined
    })
    this.snapshotIndex = snapshot?.index ?? 0
  }

  status (): Status {
    return this.core.status()
  }

  campaign (): void {
    this.input(() => { this.core.campaign() })
  }

  transferLeadership (to: string): void {
    this.input(() => {
      // Leadership may have moved since the caller looked: then there is nothing to hand over.
      try { this.core.transferLeadership(to) } catch (err) { this.options.log.error(`leadership not handed to ${to}`, err) }
    })
  }

  /** Proposes a command; resolves with the state machine's result once applied here. */
  async propose (data: Uint8Array, signal?: AbortSignal): Promise<unknown> {
    return await this.submit(this.waiters, () => this.core.propose(data), signal)
  }

  async proposeConfChange (change: ConfChange, signal?: AbortSignal): Promise<void> {
    await this.submit(this.waiters, () => this.core.proposeConfChange(change), signal)
  }

  /**
   * Resolves once this replica may serve a linearizable read: a quorum has
   * confirmed its leadership after the call (ReadIndex), and it has applied
   * everything committed before. Rejects with NotLeaderError elsewhere.
   */
  async read (signal?: AbortSignal): Promise<void> {
    await this.submit(this.reads, () => {
      const id = ++this.nextReadId
      this.core.readIndex(id)
      return id
    }, signal)
  }

  // ---- the host's side ----

  step (message: Message): void { this.core.step(message) }
  tick (): void { this.core.tick() }
  isQuiesced (): boolean { return this.core.isQuiesced() }
  leader (): string { return this.core.leader() }
  wake (deadLeader?: string): void { this.core.wake(deadLeader) }
  reportUnreachable (to: string): void { this.core.reportUnreachable(to) }
  hasReady (): boolean { return !this.closed && this.core.hasReady() }
  ready (): Ready { return this.core.ready() }

  /** Where the bytes of a snapshot this group is sent go; the Snapshot message is stepped once they are all in. */
  snapshotSink (message: Message): SnapshotSink {
    const machine = this.options.stateMachine
    const meta = message.snapshot as Snapshot
    if (isDurable(machine)) {
      // The newest transfer wins. One cut short without a word may still be
      // open, and may even go on: it must write and install nothing more.
      this.receiving?.abort()
      const install = machine.beginInstall()
      let superseded = false
      const receiving = { abort: () => { superseded = true; install.abort() } }
      this.receiving = receiving
      const end = (): void => { if (this.receiving === receiving) this.receiving = undefined }
      const live = (): void => { if (superseded) throw new Error(`a newer snapshot of ${this.group} is being received`) }
      return {
        write: async bytes => { live(); await install.write(bytes) },
        abort: () => { end(); if (!superseded) install.abort() },
        finish: () => {
          live()
          end()
          this.input(() => {
            this.core.step(message)
            if (this.core.pendingSnapshotIndex() !== meta.index) {
              install.abort()
              return
            }
            this.installing?.install.abort()
            this.installing = { index: meta.index, install }
          }, () => { install.abort() })
        }
      }
    }
    const pieces: Uint8Array[] = []
    return {
      write: bytes => { pieces.push(bytes.slice()) },
      abort: () => {},
      finish: () => { this.input(() => { this.core.step({ ...message, snapshot: { ...meta, data: Buffer.concat(pieces) } }) }) }
    }
  }

  /** Writes to make in the transaction that persists `ready`: the switch to a received state it records. */
  writesWith (ready: Ready): (() => void) | undefined {
    const installing = this.installing
    if (ready.snapshot == null || installing?.index !== ready.snapshot.index) return undefined
    return () => { installing.install.commit(installing.index) }
  }

  /** While `ready` is persisted: a leader's appends replicate in parallel with its own write. */
  sendAhead (ready: Ready): void {
    if (ready.appendsFirst !== true) return
    for (const message of ready.messages) if (message.type === MessageType.Append) this.context.send(this.group, message)
  }

  /** After `ready` is durable: send (what sendAhead did not), restore, apply, advance, settle reads, maybe compact. */
  async deliver (ready: Ready): Promise<void> {
    for (const message of ready.messages) {
      if (ready.appendsFirst !== true || message.type !== MessageType.Append) await this.sendMessage(message)
    }
    if (ready.snapshot != null) this.installSnapshot(ready.snapshot)
    this.apply(ready.committed)
    this.core.advance(ready)
    for (const { id, index } of ready.readStates) {
      const waiter = this.reads.get(id)
      this.reads.delete(id)
      if (waiter != null) this.confirmed.push({ index, waiter })
    }
    this.settleReads()
    await this.maybeCompact()
  }

  /** Called by the host after a batch: announces leadership changes and fails reads a lost leadership cannot confirm. */
  noticeChanges (): void {
    const status = this.core.status()
    const leader = status.role === Role.Leader ? status.id : status.leader
    if (leader === this.lastLeader && status.term === this.lastTerm) return
    this.lastLeader = leader
    this.lastTerm = status.term
    for (const [id, waiter] of this.reads) {
      if (waiter.term === status.term && status.role === Role.Leader) continue
      this.reads.delete(id)
      waiter.reject(new NotLeaderError(status.leader))
    }
    // A proposal outlives its leader's term: it may still commit under the next
    // leader, so it settles when its index is applied (or by its signal), never
    // here with a retryable "not leader" that would make a client apply it twice.
    try {
      this.emit('leader', { leader, term: status.term, isSelf: leader === status.id } satisfies LeaderChange)
    } catch (err) {
      this.options.log.error('a leadership listener failed', err)
    }
  }

  /** The host closed the group: everyone still waiting is told. */
  close (): void {
    this.closed = true
    this.receiving?.abort()
    this.installing?.install.abort()
    const dropped = new ProposalDroppedError('consensus group stopped')
    for (const waiter of [...this.waiters.values(), ...this.reads.values(), ...this.confirmed.map(c => c.waiter)]) waiter.reject(dropped)
    this.waiters.clear()
    this.reads.clear()
    this.confirmed = []
  }

  private input (fn: () => void, dropped?: () => void): void {
    this.context.enqueue(this.group, fn, dropped)
  }

  private async submit (waiters: Map<number, Waiter>, start: () => number, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) throw new ProposalDroppedError('consensus group stopped')
    signal?.throwIfAborted()
    const { promise, resolve, reject } = Promise.withResolvers<unknown>()
    // The abort listener is attached before queueing, so a caller settles on
    // its signal even if the group stops before the input reaches the core.
    const onAbort = (): void => { reject(signal?.reason) }
    signal?.addEventListener('abort', onAbort, { once: true })
    this.input(() => {
      try {
        const key = start()
        waiters.get(key)?.reject(new ProposalDroppedError('log index reused by a newer proposal'))
        waiters.set(key, { term: this.core.status().term, resolve, reject })
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

  private async sendMessage (message: Message): Promise<void> {
    const machine = this.options.stateMachine
    if (message.type !== MessageType.Snapshot || !isDurable(machine)) {
      this.context.send(this.group, message)
      return
    }
    // The state is its own snapshot: what is committed of it, at the index it records.
    await machine.flush()
    const reader = machine.readSnapshot()
    this.context.send(this.group, { ...message, snapshot: this.core.snapshotAt(reader.index) }, reader)
  }

  private installSnapshot (snapshot: Snapshot): void {
    const machine = this.options.stateMachine
    if (!isDurable(machine)) machine.restore(snapshot.data)
    else if (this.installing?.index === snapshot.index) {
      this.installing.install.committed()
      this.installing = undefined
    }
    this.snapshotIndex = snapshot.index
    for (const [index, waiter] of this.waiters) {
      if (index > snapshot.index) continue
      this.waiters.delete(index)
      waiter.reject(new ProposalDroppedError('outcome unknown: the log up to this proposal was replaced by a snapshot'))
    }
  }

  private apply (committed: Entry[]): void {
    const machine = this.options.stateMachine
    for (const entry of committed) {
      let result: unknown
      let failure: Error | undefined
      if (entry.type !== EntryType.Normal && isDurable(machine) && !this.alreadyApplied(entry.index)) machine.skip(entry.index)
      if (entry.type === EntryType.Normal && !this.alreadyApplied(entry.index)) {
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

  private alreadyApplied (index: number): boolean {
    const machine = this.options.stateMachine
    return isDurable(machine) && index <= machine.appliedIndex()
  }

  private settleReads (): void {
    if (this.confirmed.length === 0) return
    const { applied } = this.core.status()
    this.confirmed = this.confirmed.filter(({ index, waiter }) => {
      if (index > applied) return true
      waiter.resolve(undefined)
      return false
    })
  }

  /** Asks for the log behind what is applied to be dropped at the next chance (its entries hold what the state erased). */
  compactSoon (): void {
    this.compactWanted = true
    // A quiet group may see no other Ready for a long while.
    this.input(() => { void this.maybeCompact() })
  }

  private async maybeCompact (): Promise<void> {
    const { applied, snapshotWanted } = this.core.status()
    const due = applied - this.snapshotIndex >= (this.options.snapshotEvery ?? SNAPSHOT_EVERY_ENTRIES) || this.compactWanted
    if (!due && !(snapshotWanted && applied > this.snapshotIndex)) return
    if (applied <= this.snapshotIndex) {
      this.compactWanted = false
      return
    }
    const machine = this.options.stateMachine
    // The log up to `applied` may go only once the state it built is on disk.
    if (isDurable(machine)) await machine.flush()
    const snapshot = this.core.compact(applied, isDurable(machine) ? EMPTY : machine.snapshot())
    if (snapshot === undefined) {
      // Refused while a Ready is out: a wish to compact stands, and is tried again soon (a quiet group has no next Ready).
      if (this.compactWanted && !this.closed) setTimeout(() => { this.input(() => { void this.maybeCompact() }) }, COMPACT_RETRY_MS)
      return
    }
    this.compactWanted = false
    this.snapshotIndex = snapshot.index
    await this.context.compact(this.group, snapshot)
  }
}
