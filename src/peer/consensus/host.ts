// Runs every consensus group of this peer: opens and closes groups by id,
// routes the transport's messages to them, ticks them all on one timer, and
// persists the Readys of all groups in one LMDB transaction with one fsync
// before any of their messages leave, but a leader's appends, which go while
// it persists. Owners decide membership policy; the host never opens a group
// on a stray message by itself.
import { EventEmitter } from 'node:events'
import type { Logger } from '../log.js'
import type { Store } from '../store.js'
import { DEFAULT_TIMING, RaftGroup, type GroupOptions, type LeaderChange, type SnapshotReader, type Timing } from './driver.js'
import { DurableWriter, MAX_WAITING_INPUTS } from './durable-write.js'
import type { SnapshotSink } from './snapshot-stream.js'
import { RaftStorage } from './storage.js'
import { MessageType, Role, type Message, type Ready } from './types.js'

export interface HostOptions {
  self: string
  store: Store
  send: (group: string, message: Message, snapshot?: SnapshotReader) => void
  log: Logger
  timing?: Timing
}

/** Told of a message for a group that is not open here; it may open the group, or not. */
export type StrayHandler = (group: string, message: Message) => void

interface Input { group: string, run: () => void, dropped?: () => void }

/** Emits 'fatal' (error) when storage fails: the owner must stop the peer, as consensus state may no longer match the disk. */
export class GroupHost extends EventEmitter {
  readonly storage: RaftStorage
  readonly timing: Timing
  private readonly options: HostOptions
  private readonly groups = new Map<string, RaftGroup>()
  /** Every group's Readys go in one write: while the disk refuses it, the whole host waits and sends nothing (durable-write.ts). */
  private readonly writer: DurableWriter
  private inbox: Input[] = []
  private pumping = false
  /** Runs while some group is awake: with every group quiet, nothing needs a tick (any input restarts it). */
  private timer?: NodeJS.Timeout
  private started = false
  /** When the ticks counted so far end, by the wall clock. */
  private lastTick = 0
  private stopped = false
  /** Elections this peer won, in any group, since it started. */
  private won = 0
  onStray: StrayHandler = () => {}

  constructor (options: HostOptions) {
    super()
    this.options = options
    this.timing = options.timing ?? DEFAULT_TIMING
    this.storage = new RaftStorage(options.store)
    this.writer = new DurableWriter({ what: 'consensus', log: options.log, onBlocked: () => { this.handOverLeadership() } })
  }

  start (): void {
    this.started = true
    this.runTimer()
  }

  stop (): void {
    this.stopped = true
    clearInterval(this.timer)
    this.timer = undefined
    this.writer.stop()
    for (const { dropped } of this.inbox.splice(0)) dropped?.()
    for (const group of this.groups.values()) group.close()
    this.groups.clear()
  }

  get electionsWon (): number {
    return this.won
  }

  get (group: string): RaftGroup | undefined {
    return this.groups.get(group)
  }

  /** Opens a group from what this peer persisted for it (or from `bootstrapConf` when nothing). A tombstoned id is refused. */
  open (options: GroupOptions): RaftGroup {
    const existing = this.groups.get(options.group)
    // Two drivers over the same stored state would vote twice in one term.
    if (existing != null) return existing
    if (this.stopped) throw new Error('the group host is stopped')
    if (this.storage.isTombstoned(options.group)) throw new Error(`group ${options.group} was destroyed on this peer; its id is never reused`)
    const group = new RaftGroup(options, {
      self: this.options.self,
      timing: this.timing,
      send: this.options.send,
      enqueue: (name, run, dropped) => { this.enqueue({ group: name, run, dropped }) },
      // Skipped on a full disk: the log stays until the next compaction, and a restart replays more of it.
      compact: async (name, snapshot) => { await this.writer.tryOnce(`compaction of ${name}`, async () => { await this.storage.compact(name, snapshot) }) }
    }, this.storage.load(options.group))
    group.on('leader', (change: LeaderChange) => { if (change.isSelf) this.won++ })
    this.groups.set(options.group, group)
    this.enqueue({ group: options.group, run: () => {} })
    return group
  }

  /**
   * Closes a group; with `destroy`, erases its state and leaves a tombstone so
   * its id is never opened again, unless `tombstone` is false: reopened, it is
   * a new, empty replica (a new incarnation, which its group takes in as a
   * newcomer, never as the voter it was).
   */
  async close (name: string, { destroy = false, tombstone = true } = {}): Promise<void> {
    const group = this.groups.get(name)
    this.groups.delete(name)
    group?.close()
    if (destroy) await this.storage.destroy(name, { tombstone })
  }

  receive (group: string, message: Message): void {
    if (this.stopped || this.writer.blocked) return
    this.offerStray(group, message)
    const target = this.groups.get(group)
    if (target != null) this.enqueue({ group, run: () => { target.step(message) } })
  }

  /** Where the bytes of a snapshot sent to `group` go; undefined when the group is not open here (and its owner does not open it). */
  snapshotSink (group: string, message: Message): SnapshotSink | undefined {
    if (this.stopped || this.writer.blocked) return undefined
    this.offerStray(group, message)
    return this.groups.get(group)?.snapshotSink(message)
  }

  /** A message for a group not open here goes to the owner, which may open it; one it cannot open (a full disk) is dropped. */
  private offerStray (group: string, message: Message): void {
    if (this.groups.has(group)) return
    try {
      this.onStray(group, message)
    } catch (err) {
      this.options.log.error(`a message for group ${group} dropped: it could not be opened here`, err)
    }
  }

  reportUnreachable (group: string, to: string): void {
    const target = this.groups.get(group)
    if (target != null) this.enqueue({ group, run: () => { target.reportUnreachable(to) } })
  }

  /**
   * The failure detector's verdict: `peer` is gone (disconnected, suspect or
   * dead). Its followers here wake and forget it as leader, so quiet groups
   * elect a new one in one election timeout; a false alarm costs a pre-vote.
   */
  leaderLost (peer: string): void {
    for (const [name, group] of this.groups) {
      if (group.leader() === peer) this.enqueue({ group: name, run: () => { group.wake(peer) } })
    }
  }

  /**
   * `peer` is back (connected, or heard from again). A quiet leader sends
   * nothing, so the groups this peer leads wake: a member that restarted,
   * perhaps with no state at all, hears from its leader at once.
   */
  peerReturned (peer: string): void {
    if (peer === this.options.self) return
    for (const [name, group] of this.groups) {
      if (group.leader() === this.options.self && group.isQuiesced()) this.enqueue({ group: name, run: () => { group.wake() } })
    }
  }

  /**
   * This peer cannot persist: each group it leads asks its most caught-up
   * voter to stand at once (TimeoutNow, which overrides the voters' lease).
   * Nothing else would depose it in a quiet group, whose followers run no
   * timer and whose leader's peer still looks alive. Asking someone to stand
   * is always safe; it needs nothing from our disk.
   */
  private handOverLeadership (): void {
    for (const [name, group] of this.groups) {
      const status = group.status()
      if (status.role !== Role.Leader) continue
      const successor = status.conf.voters
        .filter(id => id !== status.id && !(status.strangers ?? []).includes(id))
        .sort((a, b) => (status.progress?.[b]?.match ?? 0) - (status.progress?.[a]?.match ?? 0))[0]
      if (successor === undefined) continue
      this.options.send(name, {
        type: MessageType.TimeoutNow, from: status.id, to: successor, term: status.term,
        logIndex: 0, logTerm: 0, entries: [], commit: 0, reject: false, rejectHint: 0
      })
    }
  }

  private runTimer (): void {
    if (this.timer !== undefined || !this.started || this.stopped) return
    this.lastTick = performance.now()
    this.timer = setInterval(() => { this.tickAll() }, this.timing.tickMs)
  }

  /**
   * A timer callback runs at most once per event-loop turn, and a loaded peer's
   * turn can last 100-500 ms: counted in callbacks, a leader's heartbeats
   * (every few ticks) fell 0.5-1.5 s apart while its followers, less busy,
   * timed out in 250-500 ms. So a leader catches up the ticks the wall clock
   * says it missed, up to one heartbeat interval (a heartbeat every turn); a
   * follower still counts one tick per callback, never time it could not
   * observe. Ticks run after the turn's I/O, so answers read in this turn are
   * stepped before check-quorum counts them.
   */
  private tickAll (): void {
    const now = performance.now()
    const elapsed = Math.max(1, Math.floor((now - this.lastTick) / this.timing.tickMs))
    this.lastTick += elapsed * this.timing.tickMs
    // A host that cannot persist has no use for election timers.
    if (this.writer.blocked) return
    let awake = false
    for (const [name, group] of this.groups) {
      if (group.isQuiesced()) continue
      awake = true
      setImmediate(() => {
        this.enqueue({
          group: name,
          run: () => {
            const ticks = group.leader() === this.options.self ? Math.min(elapsed, this.timing.heartbeatTicks) : 1
            for (let i = 0; i < ticks; i++) group.tick()
          }
        })
      })
    }
    if (!awake) {
      clearInterval(this.timer)
      this.timer = undefined
    }
  }

  private enqueue (input: Input): void {
    if (this.stopped || (this.writer.blocked && this.inbox.length >= MAX_WAITING_INPUTS)) {
      input.dropped?.()
      return
    }
    this.inbox.push(input)
    this.runTimer()
    if (!this.pumping) void this.pump()
  }

  private async pump (): Promise<void> {
    this.pumping = true
    try {
      while (this.inbox.length > 0 && !this.stopped) {
        // What this event-loop turn still brings (messages read, callers resumed by the last batch) joins this batch.
        await new Promise(resolve => setImmediate(resolve))
        const touched = new Set<RaftGroup>()
        for (const input of this.inbox.splice(0)) {
          const group = this.groups.get(input.group)
          if (group == null) {
            input.dropped?.()
            continue
          }
          input.run()
          touched.add(group)
        }
        // A group's Ready is out until deliver() advances it; inputs that arrive meanwhile wait in the inbox.
        for (let batch = this.readyBatch(touched); batch.length > 0 && !this.stopped; batch = this.readyBatch(touched)) {
          const persisting = this.writer.write(async () => {
            await this.storage.persist(batch.map(({ group, ready }) => ({ group: group.group, ready, also: group.writesWith(ready) })))
          })
          // A host whose disk has no room sends nothing (durable-write.ts): others would commit what it cannot hold.
          if (batch.some(({ ready }) => ready.appendsFirst === true) && this.storage.hasRoom(batch.map(({ ready }) => ready))) {
            for (const { group, ready } of batch) group.sendAhead(ready)
          }
          if (!await persisting) return
          for (const { group, ready } of batch) await group.deliver(ready)
        }
        for (const group of touched) group.noticeChanges()
      }
    } catch (err) {
      this.options.log.error('consensus halted', err)
      this.stop()
      this.emit('fatal', err)
    } finally {
      this.pumping = false
    }
  }

  private readyBatch (groups: Set<RaftGroup>): Array<{ group: RaftGroup, ready: Ready }> {
    const batch: Array<{ group: RaftGroup, ready: Ready }> = []
    for (const group of groups) if (group.hasReady()) batch.push({ group, ready: group.ready() })
    return batch
  }
}
