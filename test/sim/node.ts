// One simulated peer: a RaftCore driven exactly as a real driver would drive
// it (persist the Ready, send its messages, restore/apply, advance), over an
// in-memory "disk" that survives crashes while everything else is lost.
import { applyConfChange, decodeConfChange } from '../../src/peer/consensus/conf-change.js'
import { RaftCore } from '../../src/peer/consensus/core.js'
import type { RaftOptions } from '../../src/peer/consensus/core.js'
import { EntryType, MessageType, Role } from '../../src/peer/consensus/types.js'
import type { ConfState, Entry, HardState, Message, NodeId, ReadState, Ready, Snapshot } from '../../src/peer/consensus/types.js'
import { digest, mix } from './checker.js'
import type { Checker, LogTerm } from './checker.js'
import type { Rng } from './prng.js'

export type NodeParams = Omit<RaftOptions, 'id' | 'random' | 'hardState' | 'snapshot' | 'entries' | 'applied' | 'conf'>

export interface Storage {
  hardState?: HardState
  snapshot?: Snapshot
  entries: Entry[]
}

interface Machine { index: number, hash: number }

/** What a node needs from the world around it. */
export interface NodeHost {
  send: (messages: Message[]) => void
  /** Told of every entry the node applies. */
  applied?: (node: SimNode, e: Entry) => void
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class SimNode {
  /** Undefined while crashed. */
  core: RaftCore | undefined
  readonly storage: Storage = { entries: [] }
  machine: Machine = { index: 0, hash: 0 }
  /** Text of the Normal entries applied since the state machine last (re)started. */
  applied: string[] = []
  /**
   * Chance that a Ready stays half done until the node's next tick while steps
   * go on: persisted, not sent, applied or advanced; or, when its appends go
   * first, sent those and not yet persisted (a crash meanwhile loses them).
   */
  lagReady = 0
  /** As of the node's last step. */
  isLeader = false
  /** ReadIndex reads released to this node, in order. */
  readStates: ReadState[] = []
  private pending: { rd: Ready, persisted: boolean } | undefined
  /** The conf the stored log says, kept up to date as entries are stored. */
  private storedConf: ConfState = { voters: [], learners: [] }
  /** The last pair found equal; both are replaced, never changed, so identity says when to compare again. */
  private checkedConf: [ConfState?, ConfState?] = []
  readonly logTerm: LogTerm = index => {
    const s = this.storage.snapshot
    if (s !== undefined && index <= s.index) return 'compacted'
    return this.storage.entries[index - (s?.index ?? 0) - 1]?.term
  }

  constructor (
    readonly id: NodeId,
    private readonly params: NodeParams,
    private readonly rng: Rng,
    private readonly host: NodeHost,
    private readonly checker: Checker,
    private readonly bootstrap?: ConfState
  ) {}

  get live (): boolean { return this.core !== undefined }

  /** Boots, or reboots after a crash, from what reached storage. */
  start (): void {
    const st = this.storage
    const fresh = st.snapshot === undefined && st.entries.length === 0
    this.core = new RaftCore({
      ...this.params,
      id: this.id,
      random: () => this.rng.next(),
      hardState: st.hardState,
      snapshot: st.snapshot,
      entries: [...st.entries],
      applied: st.snapshot?.index,
      conf: fresh ? this.bootstrap : undefined
    })
    this.storedConf = this.replayConf(Infinity)
    this.restoreMachine(st.snapshot)
    this.settle()
  }

  crash (): void {
    this.core = undefined
    this.isLeader = false
    this.pending = undefined
    this.checker.down(this.id)
  }

  /**
   * Crashes and loses the whole disk. A correct operator never restarts this id
   * (it could vote twice in a term); the focused test does, to show the checker
   * catches it.
   */
  loseDisk (): void {
    this.crash()
    this.storage.hardState = undefined
    this.storage.snapshot = undefined
    this.storage.entries = []
  }

  /** Term and index of the last stored entry (or of the snapshot). */
  lastEntry (): [number, number] {
    const st = this.storage
    const last = st.entries.at(-1)
    return last === undefined ? [st.snapshot?.term ?? 0, st.snapshot?.index ?? 0] : [last.term, last.index]
  }

  /** The confs the stored log says: its newest, and as of its commit index. */
  storedConfs (): ConfState[] {
    const st = this.storage
    const commit = Math.max(st.hardState?.commit ?? 0, st.snapshot?.index ?? 0)
    return [this.replayConf(Infinity), this.replayConf(commit)]
  }

  tick (): void {
    if (this.pending !== undefined) this.finish(this.pending.rd, this.pending.persisted)
    // As a driver does: a follower waits for a snapshot that holds it.
    if (this.core?.status().snapshotWanted === true) this.compact(Infinity)
    this.act(core => { core.tick() })
  }

  deliver (m: Message): void {
    this.act(core => { core.step(m) })
  }

  /** Runs `fn` on a live core, then handles what it produced. */
  act<T> (fn: (core: RaftCore) => T): T | undefined {
    if (this.core === undefined) return undefined
    this.checker.steps++
    try {
      return fn(this.core)
    } finally {
      this.settle()
    }
  }

  /** Snapshots the state machine when at least `minEntries` were applied since the last snapshot. */
  compact (minEntries: number): void {
    const st = this.storage
    if (this.core === undefined) return
    const wanted = this.core.status().snapshotWanted && this.machine.index > (st.snapshot?.index ?? 0)
    if (!wanted && this.machine.index - (st.snapshot?.index ?? 0) < minEntries) return
    const snapshot = this.core.compact(this.machine.index, encoder.encode(JSON.stringify(this.machine)))
    if (snapshot === undefined) return // a Ready is half done: compact after it
    const expected = this.replayConf(snapshot.index)
    if (!sameConf(snapshot.conf, expected)) this.checker.fail(`${this.id}: snapshot at ${snapshot.index} has conf ${JSON.stringify(snapshot.conf)}, the log says ${JSON.stringify(expected)}`)
    // compact() makes a snapshot of what we applied, or returns the one in effect, which we stored.
    if (snapshot.index !== this.machine.index && snapshot.index !== st.snapshot?.index) {
      this.checker.fail(`${this.id}: compact(${this.machine.index}) returned a snapshot at ${snapshot.index}, which the driver neither made nor stored${this.pending === undefined ? '' : ' (a Ready is outstanding)'}`)
    }
    st.snapshot = snapshot
    st.entries = st.entries.filter(e => e.index > snapshot.index)
  }

  private settle (): void {
    const core = this.core
    if (core === undefined) return
    while (this.pending === undefined && core.hasReady()) {
      const rd = core.ready()
      if (rd.appendsFirst === true) this.host.send(rd.messages.filter(m => m.type === MessageType.Append))
      const lag = this.rng.chance(this.lagReady)
      const persisted = !(lag && rd.appendsFirst === true)
      if (persisted) this.persist(rd)
      if (lag) this.pending = { rd, persisted }
      else this.finish(rd, true)
    }
    const { role, term, conf } = core.status()
    this.isLeader = role === Role.Leader
    this.checker.role(this.id, this.isLeader, term, this.logTerm)
    // Membership takes effect on append and is undone by truncation, so it is a function of the log.
    if (this.pending === undefined && (conf !== this.checkedConf[0] || this.storedConf !== this.checkedConf[1])) {
      if (!sameConf(conf, this.storedConf)) this.checker.fail(`${this.id}: conf ${JSON.stringify(conf)}, its log says ${JSON.stringify(this.storedConf)}`)
      this.checkedConf = [conf, this.storedConf]
    }
  }

  /** The conf as of `index`, replayed from the stored snapshot and entries. */
  private replayConf (index: number): ConfState {
    let conf = this.storage.snapshot?.conf ?? { voters: [], learners: [] }
    for (const e of this.storage.entries) {
      if (e.index > index) break
      if (e.type === EntryType.ConfChange) conf = applyConfChange(conf, decodeConfChange(e.data))
    }
    return conf
  }

  private persist (rd: Ready): void {
    const st = this.storage
    if (rd.snapshot !== undefined) {
      st.snapshot = rd.snapshot
      st.entries = []
      this.storedConf = rd.snapshot.conf
    }
    if (rd.entries.length > 0) {
      const keep = rd.entries[0].index - (st.snapshot?.index ?? 0) - 1
      if (keep < 0 || keep > st.entries.length) this.checker.fail(`${this.id}: Ready entries from ${rd.entries[0].index} do not continue the stored log`)
      const truncated = keep < st.entries.length
      st.entries.length = keep
      const prevTerm = keep === 0 ? st.snapshot?.term ?? 0 : st.entries[keep - 1].term
      st.entries.push(...rd.entries)
      this.checker.persisted(this.id, rd.entries, prevTerm)
      if (truncated) this.storedConf = this.replayConf(Infinity)
      else for (const e of rd.entries) if (e.type === EntryType.ConfChange) this.storedConf = applyConfChange(this.storedConf, decodeConfChange(e.data))
    }
    if (rd.hardState !== undefined) {
      this.checker.voted(this.id, rd.hardState.term, rd.hardState.vote)
      st.hardState = rd.hardState
    }
  }

  private finish (rd: Ready, persisted: boolean): void {
    const core = this.core as RaftCore
    this.pending = undefined
    if (!persisted) this.persist(rd)
    this.host.send(rd.appendsFirst === true ? rd.messages.filter(m => m.type !== MessageType.Append) : rd.messages)
    this.readStates.push(...rd.readStates)
    if (rd.snapshot !== undefined) this.restoreMachine(rd.snapshot)
    const term = core.status().term // now, not as of the last step: bounds the term each entry committed in
    for (const e of rd.committed) {
      this.machine.index = e.index
      this.machine.hash = mix(this.machine.hash, digest(e))
      if (e.type === EntryType.Normal) this.applied.push(decoder.decode(e.data))
      this.checker.apply(this.id, e, term)
      this.host.applied?.(this, e)
    }
    core.advance(rd)
  }

  private restoreMachine (snapshot: Snapshot | undefined): void {
    this.machine = snapshot === undefined ? { index: 0, hash: 0 } : JSON.parse(decoder.decode(snapshot.data)) as Machine
    this.applied = []
    this.checker.start(this.id, this.machine.index, this.machine.hash)
  }
}

function sameConf (a: ConfState, b: ConfState): boolean {
  const same = (x: string[], y: string[]): boolean => x.length === y.length && x.every((id, k) => id === y[k])
  return same(a.voters, b.voters) && same(a.learners, b.learners)
}
