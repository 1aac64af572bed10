// A seeded simulation of a whole group: a network that loses, delays,
// reorders and duplicates messages and splits into partitions; nodes that
// crash and restart from what they persisted; clients proposing to whoever
// leads; membership changes and compaction. Every step is checked by Checker.
// Then everything heals and the group must elect a leader and commit again.
//
// Each seed also draws a set of variations (see Variations): long delays,
// one-way links, clocks at other speeds and stalls, disk loss with the
// operator's replacement of the node, a leader asked to remove itself, and a
// liveness check that keeps a minority of crashed nodes down. Their draws come
// from a second generator, so a seed with none of them on replays exactly as
// it did before they existed.
import { ConfChangeInProgressError, NotLeaderError, decodeConfChange } from '../../src/peer/consensus/core.js'
import { EntryType, MessageType, Role } from '../../src/peer/consensus/types.js'
import type { ConfChange, ConfState, Entry, Message, NodeId, Status } from '../../src/peer/consensus/types.js'
import { Checker, digest, mix } from './checker.js'
import { SimNode } from './node.js'
import { Rng } from './prng.js'

/** Each is drawn per seed (unless SimOptions says) and named in every failure of the seed. */
export interface Variations {
  /** Some messages arrive up to several election timeouts late, not only MAX_DELAY ticks. */
  longDelays: boolean
  /** Links that lose one direction only: A hears B, B does not hear A. */
  oneWay: boolean
  /** Some nodes' clocks run slow or fast (ticks skipped or doubled); nodes stall like a blocked event loop, then resume. */
  clocks: boolean
  /** A node loses its whole disk; it comes back as a new member (new id) that the operator adds as a learner and promotes, after removing the lost id. Membership runs only. */
  diskLoss: boolean
  /** The leader is asked to remove itself, at times then cut off or crashed before anyone has the entry, at times with another voter down long. Membership runs only. */
  removeLeader: boolean
  /** Liveness is checked first with a minority of the crashed nodes kept down (a quorum of every conf in play up), then with them back. */
  keepDown: boolean
}

export const VARIATIONS: ReadonlyArray<keyof Variations> = ['longDelays', 'oneWay', 'clocks', 'diskLoss', 'removeLeader', 'keepDown']

export interface SimOptions {
  seed: number
  /** Voters the group boots with; 1 is a one-voter bootstrap that grows through membership changes. */
  voters: number
  /** The sim adds learners, promotes them and removes voters, keeping 3 to 5 voters. */
  membership: boolean
  chaosTicks: number
  /** Ticks the healed group gets to elect a leader and commit a fresh proposal everywhere. */
  livenessTicks: number
  preVote?: boolean
  checkQuorum?: boolean
  /** Overrides the seed's draw of each variation. */
  variations?: Partial<Variations>
}

export interface SimReport {
  steps: number
  elections: number
  committed: number
  snapshotsSent: number
  confChanges: number
  crashes: number
  partitions: number
  /** Ticks from healing until the fresh proposal was applied on every member (with the kept-down nodes still down). */
  recovery: number
  /** Messages delayed past MAX_DELAY (longDelays). */
  longDelays: number
  /** One-way cuts made (oneWay). */
  oneWayCuts: number
  /** Nodes with a slow or fast clock (clocks). */
  skewedClocks: number
  /** Event-loop stalls (clocks). */
  stalls: number
  /** Disks lost (diskLoss). */
  diskLosses: number
  /** Lost nodes whose replacement the operator finished: old id removed, new id added (and promoted if the old one voted). */
  replacements: number
  /** Leaders that proposed their own removal (removeLeader). */
  leaderRemovals: number
  /** ... and were cut off or crashed right after, before sending it. */
  leaderRemovalsCut: number
  /** Nodes kept down through the first liveness check (keepDown). */
  keptDown: number
}

export function emptyReport (): SimReport {
  return {
    steps: 0, elections: 0, committed: 0, snapshotsSent: 0, confChanges: 0, crashes: 0, partitions: 0, recovery: 0,
    longDelays: 0, oneWayCuts: 0, skewedClocks: 0, stalls: 0, diskLosses: 0, replacements: 0, leaderRemovals: 0, leaderRemovalsCut: 0, keptDown: 0
  }
}

const ELECTION_TICKS = 10
const HEARTBEAT_TICKS = 2
const MAX_DELAY = 3
const COMPACT_AFTER = 8
const FINAL = 'final'
const encoder = new TextEncoder()

/** A message is lost when it matches a cut: `from` and `to` undefined match any node. */
interface OneWayCut { from?: NodeId, to?: NodeId }

/** The operator's replacement of a node whose disk was lost: remove the old id, add the new one as a learner, promote it if the old one voted. */
interface Replacement { old: NodeId, fresh: NodeId, wasVoter: boolean, stage: 'remove' | 'add' | 'promote' }

export class SimCluster {
  readonly checker = new Checker()
  readonly nodes = new Map<NodeId, SimNode>()
  readonly variations: Variations
  private readonly rng: Rng
  /** Every draw of the variations; the old chaos keeps `rng` to itself. */
  private readonly vrng: Rng
  private now = 0
  private chaos = true
  /** Messages in flight by the tick they arrive. */
  private readonly inflight = new Map<number, Message[]>()
  /** Partition: nodes talk only within their group; absent means group 0. */
  private readonly group = new Map<NodeId, number>()
  private oneWay: OneWayCut[] = []
  /** Crashed nodes and the tick they come back. */
  private readonly downUntil = new Map<NodeId, number>()
  private readonly retiring = new Set<NodeId>()
  private readonly retired = new Set<NodeId>()
  /** Ids whose disk was lost: never started again. */
  private readonly lost = new Set<NodeId>()
  /** Crashed nodes left down through the first liveness check. */
  private readonly keptDown = new Set<NodeId>()
  private replacement: Replacement | undefined
  /** Clock rate per node (absent: 1) and the fraction of a tick it is owed. */
  private readonly clock = new Map<NodeId, { rate: number, owed: number }>()
  /** Stalled nodes: when they resume, since when, whether they then tick for the time lost, and what reached them meanwhile. */
  private readonly stalled = new Map<NodeId, { until: number, since: number, catchUp: boolean, inbox: Message[] }>()
  private readonly loss: number
  private readonly duplication: number
  private readonly lagReady: number
  /** Small batches make followers acknowledge old-term entries without the new leader's no-op (Raft Figure 8). */
  private readonly maxEntriesPerAppend: number
  private readonly longDelayChance: number
  private readonly longDelayMax: number
  /** Set while a leader proposes its removal: the messages it sends, to drop if it crashes before they leave. */
  private capture: Message[] | undefined
  private proposals = 0
  private readonly committed = new Set<number>()
  private readonly confChanges = new Set<number>()
  private nextId: number
  /** The proposal made after healing that every member must apply. */
  private finalProposal: { leader: NodeId, term: number, index: number, text: string } | undefined
  private readonly report: SimReport = emptyReport()
  private readonly optionsText: string
  private termAtHeal = 0

  constructor (private readonly opts: SimOptions) {
    this.rng = new Rng(opts.seed)
    this.loss = this.rng.next() * (this.rng.chance(0.3) ? 0.3 : 0.1)
    this.duplication = this.rng.next() * 0.05
    this.lagReady = this.rng.chance(0.5) ? 0.3 : 0
    this.maxEntriesPerAppend = this.rng.pick([1, 2, 4, 64])
    const v = this.vrng = new Rng(mix(0, `variations of seed ${opts.seed}`))
    const drawn: Variations = {
      longDelays: v.chance(0.3),
      oneWay: v.chance(0.3),
      clocks: v.chance(0.3),
      diskLoss: v.chance(0.3),
      removeLeader: v.chance(0.3),
      keepDown: v.chance(0.5)
    }
    this.variations = { ...drawn, ...opts.variations }
    if (!opts.membership) this.variations.diskLoss = this.variations.removeLeader = false
    this.longDelayChance = 0.01 + v.next() * 0.09
    this.longDelayMax = v.pick([2, 3, 5]) * ELECTION_TICKS
    const on = VARIATIONS.filter(k => this.variations[k])
    const off = [opts.preVote === false ? 'no pre-vote' : '', opts.checkQuorum === false ? 'no check-quorum' : ''].filter(t => t !== '')
    this.optionsText = `${[`${opts.voters} voters`, ...opts.membership ? ['membership'] : [], ...off].join(', ')}${on.length > 0 ? `; ${on.join(', ')}` : ''}`
    const voters = Array.from({ length: opts.voters }, (_, k) => `n${k + 1}`)
    this.nextId = voters.length
    for (const id of voters) this.addNode(id, { voters, learners: [] })
  }

  run (): SimReport {
    for (let i = 0; i < this.opts.chaosTicks; i++) this.tick()
    this.heal()
    const kept = [...this.keptDown].join(', ')
    this.report.recovery = this.awaitRecovery(FINAL, kept === '' ? '' : ` with ${kept} kept down`)
    if (this.keptDown.size > 0) {
      for (const id of this.keptDown) this.nodes.get(id)?.start()
      this.keptDown.clear()
      this.awaitRecovery(`${FINAL} after ${kept}`, ` of ${kept} coming back`)
    }
    this.report.steps = this.checker.steps
    this.report.elections = this.checker.elections
    this.report.committed = this.committed.size
    this.report.confChanges = this.confChanges.size
    return this.report
  }

  /** Ticks until a fresh proposal `text` is applied on every member that is up; returns the ticks it took. */
  private awaitRecovery (text: string, what: string): number {
    for (let i = 1; i <= this.opts.livenessTicks; i++) {
      this.tick()
      if (this.recovered(text)) return i
    }
    const hints = this.hints()
    return this.checker.fail(`no leader committed a fresh proposal on every member within ${this.opts.livenessTicks} ticks${what}${hints}:\n${this.describe()}`)
  }

  private addNode (id: NodeId, conf?: { voters: NodeId[], learners: NodeId[] }): void {
    const node = new SimNode(id, {
      electionTicks: ELECTION_TICKS,
      heartbeatTicks: HEARTBEAT_TICKS,
      preVote: this.opts.preVote,
      checkQuorum: this.opts.checkQuorum,
      maxEntriesPerAppend: this.maxEntriesPerAppend
    }, this.rng.fork(), { send: messages => { this.send(messages) }, applied: (_, e) => { this.applied(e) } }, this.checker, conf)
    node.lagReady = this.lagReady
    this.nodes.set(id, node)
    if (this.variations.clocks && this.vrng.chance(0.5)) {
      this.clock.set(id, { rate: this.vrng.pick([0.5, 0.75, 1.5, 2]), owed: 0 })
      this.report.skewedClocks++
    }
    node.start()
  }

  private tick (): void {
    this.now++
    this.checker.where = `seed ${this.opts.seed} (${this.optionsText}) tick ${this.now}`
    for (const id of this.retiring) {
      const node = this.nodes.get(id)
      if (node !== undefined) this.stop(node)
      this.retired.add(id)
      this.downUntil.delete(id)
    }
    this.retiring.clear()
    for (const [id, at] of this.downUntil) {
      if (at > this.now) continue
      this.downUntil.delete(id)
      this.nodes.get(id)?.start()
    }
    for (const [id, s] of this.stalled) if (s.until <= this.now) this.resume(id)
    if (this.chaos) this.makeTrouble()
    if (this.replacement !== undefined && (!this.chaos || this.vrng.chance(0.3))) this.operate()
    for (const node of this.nodes.values()) {
      if (this.stalled.has(node.id)) continue
      for (let k = this.ticksOwed(node.id); k > 0; k--) node.tick()
    }
    this.deliverDue()
  }

  /** 1 on a true clock; on a slow one sometimes 0, on a fast one sometimes 2. */
  private ticksOwed (id: NodeId): number {
    const c = this.clock.get(id)
    if (c === undefined) return 1
    c.owed += c.rate
    const n = Math.floor(c.owed)
    c.owed -= n
    return n
  }

  private send (messages: Message[]): void {
    for (const m of messages) {
      if (m.type === MessageType.Snapshot) this.report.snapshotsSent++
      if (this.chaos && this.rng.chance(this.loss)) continue
      this.enqueue(m)
      if (this.chaos && this.rng.chance(this.duplication)) this.enqueue(m)
    }
  }

  private enqueue (m: Message): void {
    let at = this.now + 1 + this.rng.int(MAX_DELAY)
    if (this.chaos && this.variations.longDelays && this.vrng.chance(this.longDelayChance)) {
      at = this.now + 1 + MAX_DELAY + this.vrng.int(this.longDelayMax)
      this.report.longDelays++
    }
    const batch = this.inflight.get(at)
    if (batch === undefined) this.inflight.set(at, [m])
    else batch.push(m)
    this.capture?.push(m)
  }

  private deliverDue (): void {
    const due = this.inflight.get(this.now) ?? []
    this.inflight.delete(this.now)
    for (const m of this.rng.shuffle(due)) {
      const to = this.nodes.get(m.to)
      if (to?.live === true && this.connected(m.from, m.to)) {
        const stall = this.stalled.get(m.to)
        if (stall !== undefined) {
          stall.inbox.push(m) // it arrived; the blocked process reads it when it resumes
          continue
        }
        to.deliver(m)
        // Crash right after the reply was persisted and sent: did the vote or entries really reach the disk?
        if (this.chaos && this.rng.chance(m.type === MessageType.Vote ? 0.05 : 0.002)) this.crash(to)
      } else if (this.rng.chance(0.5)) {
        // A real transport often learns that a send failed.
        const from = this.nodes.get(m.from)
        if (from !== undefined && !this.stalled.has(from.id)) from.act(core => { core.reportUnreachable(m.to) })
      }
    }
  }

  private connected (from: NodeId, to: NodeId): boolean {
    if ((this.group.get(from) ?? 0) !== (this.group.get(to) ?? 0)) return false
    return !this.oneWay.some(c => (c.from === undefined || c.from === from) && (c.to === undefined || c.to === to))
  }

  private applied (e: Entry): void {
    if (e.type === EntryType.Normal) this.committed.add(e.index)
    if (e.type !== EntryType.ConfChange) return
    if (e.term > 1) this.confChanges.add(e.index) // term 1 holds the bootstrap conf
    const cc = decodeConfChange(e.data)
    // A removed node whose removal is committed is shut down, as an operator would.
    if (cc.type === 'remove' && !this.retired.has(cc.node)) this.retiring.add(cc.node)
    const r = this.replacement
    let done = false
    if (r?.stage === 'remove' && cc.type === 'remove' && cc.node === r.old) r.stage = 'add'
    else if (r?.stage === 'add' && cc.type === 'addLearner' && cc.node === r.fresh && r.wasVoter) r.stage = 'promote'
    else if (r?.stage === 'add' && cc.type === 'addLearner' && cc.node === r.fresh) done = true
    else if (r?.stage === 'promote' && cc.type === 'addVoter' && cc.node === r.fresh) done = true
    if (done) {
      this.replacement = undefined
      this.report.replacements++
    }
  }

  private live (): SimNode[] {
    return [...this.nodes.values()].filter(n => n.live)
  }

  private leaders (): SimNode[] {
    return this.live().filter(n => n.isLeader)
  }

  /** Leaders whose process is running (not stalled), so a client or operator gets an answer. */
  private responsiveLeaders (): SimNode[] {
    return this.leaders().filter(n => !this.stalled.has(n.id))
  }

  private makeTrouble (): void {
    const rng = this.rng
    if (rng.chance(this.group.size === 0 ? 0.01 : 0.05)) this.repartition()
    const live = this.live()
    if (live.length > 0 && rng.chance(0.006)) this.crash(rng.pick(live))
    const leaders = this.leaders()
    if (leaders.length > 0 && rng.chance(0.008)) this.crash(rng.pick(leaders))
    if (leaders.length > 0 && rng.chance(0.008)) this.isolate(rng.pick(leaders).id)
    if (rng.chance(0.4)) {
      for (let n = rng.int(4); n >= 0; n--) this.propose(`p${++this.proposals}`)
    }
    for (const node of this.live()) if (rng.chance(0.05) && !this.stalled.has(node.id)) node.compact(COMPACT_AFTER)
    if (this.opts.membership && rng.chance(0.05) && this.replacement === undefined) this.changeMembership()
    if (rng.chance(0.005)) this.transfer()

    const v = this.vrng
    const variations = this.variations
    if (variations.oneWay && v.chance(this.oneWay.length === 0 ? 0.02 : 0.05)) this.cutOneWay()
    if (variations.clocks && v.chance(0.01)) this.stall()
    if (variations.diskLoss && this.replacement === undefined && this.report.diskLosses < 2 && v.chance(0.006)) this.loseDisk()
    // Most often near the end of the chaos, so that what it leaves behind meets the liveness check.
    const late = this.now > this.opts.chaosTicks - 60
    if (variations.removeLeader && this.replacement === undefined && v.chance(late ? 0.06 : 0.02)) this.removeLeader()
  }

  /** Stops a node's process; what it has not persisted is lost. */
  private stop (node: SimNode): void {
    node.crash()
    this.stalled.delete(node.id)
  }

  private crash (node: SimNode, downFor?: number): void {
    this.stop(node)
    this.report.crashes++
    this.downUntil.set(node.id, this.now + (downFor ?? (this.rng.chance(0.5) ? 1 + this.rng.int(3) : 5 + this.rng.int(60))))
  }

  /** Leaves `id` in a minority, alone or with one other node. */
  private isolate (id: NodeId): void {
    this.group.clear()
    this.report.partitions++
    this.group.set(id, 1)
    if (this.nodes.size >= 5 && this.rng.chance(0.5)) this.group.set(this.rng.pick([...this.nodes.keys()]), 1)
  }

  private repartition (): void {
    this.group.clear()
    if (this.rng.chance(0.3)) return // healed
    this.report.partitions++
    const ids = [...this.nodes.keys()]
    if (this.rng.chance(0.5)) this.group.set(this.rng.pick(ids), 1)
    else for (const id of ids) this.group.set(id, this.rng.int(2))
  }

  /** Replaces the one-way cuts: none, a node that only hears or is only heard, a leader so, or a few links one way. */
  private cutOneWay (): void {
    const v = this.vrng
    this.oneWay = []
    if (v.chance(0.3)) return
    const ids = [...this.nodes.keys()].filter(id => !this.retired.has(id) && !this.lost.has(id))
    const leader = v.pick(this.leaders())
    const kind = v.int(3)
    if (kind === 0 || (kind === 1 && leader !== undefined)) {
      const x = kind === 1 && leader !== undefined ? leader.id : v.pick(ids)
      this.oneWay.push(v.chance(0.5) ? { from: x } : { to: x })
    } else {
      for (let n = 1 + v.int(3); n > 0; n--) {
        const [from, to] = v.shuffle([...ids])
        if (to !== undefined) this.oneWay.push({ from, to })
      }
    }
    if (this.oneWay.length > 0) this.report.oneWayCuts++
  }

  /** Blocks a node's process for a while: no ticks, no steps; what reaches it waits. */
  private stall (): void {
    const v = this.vrng
    const node = v.pick(this.live().filter(n => !this.stalled.has(n.id)))
    if (node === undefined) return
    this.stalled.set(node.id, { until: this.now + 5 + v.int(4 * ELECTION_TICKS), since: this.now, catchUp: v.chance(0.5), inbox: [] })
    this.report.stalls++
  }

  /** The process runs again: it reads what arrived meanwhile; a driver that counts ticks by elapsed time then catches up. */
  private resume (id: NodeId): void {
    const s = this.stalled.get(id)
    const node = this.nodes.get(id)
    this.stalled.delete(id)
    if (s === undefined || node === undefined) return
    for (const m of s.inbox) node.deliver(m)
    if (s.catchUp && this.chaos) for (let k = this.now - s.since; k > 0; k--) node.tick()
  }

  /**
   * A member loses its disk. The id is never started again; a new machine
   * comes up empty under a new id, and the operator (operate) removes the old
   * id and adds the new one.
   */
  private loseDisk (): void {
    const leader = this.responsiveLeaders()[0]
    const conf = leader?.core?.status().conf
    if (conf === undefined) return
    const members = [...conf.voters, ...conf.learners].filter(id => !this.retired.has(id))
    const node = this.nodes.get(this.vrng.pick(members))
    // Raft survives the loss of a voter only where the others are a quorum: in every conf in play, not just the leader's.
    if (node === undefined || this.confsInPlay().some(c => c.voters.includes(node.id) && c.voters.length < 3)) return
    this.stop(node)
    node.loseDisk()
    this.downUntil.delete(node.id)
    this.lost.add(node.id)
    this.report.diskLosses++
    this.replacement = { old: node.id, fresh: `n${++this.nextId}`, wasVoter: conf.voters.includes(node.id), stage: 'remove' }
  }

  /** The operator's next step of a replacement, on the leader; repeated until its entry is seen applied. */
  private operate (): void {
    const r = this.replacement as Replacement
    const leader = this.responsiveLeaders()[0]
    const status = leader?.core?.status()
    if (leader === undefined || status === undefined) return
    let cc: ConfChange
    if (r.stage === 'remove') {
      cc = { type: 'remove', node: r.old }
    } else if (r.stage === 'add') {
      if (!this.nodes.has(r.fresh)) this.addNode(r.fresh) // empty disk, no bootstrap conf: it waits to be contacted
      cc = { type: 'addLearner', node: r.fresh }
    } else {
      const learner = this.nodes.get(r.fresh)
      if (learner === undefined || learner.machine.index < status.commit - 2) return
      cc = { type: 'addVoter', node: r.fresh }
    }
    this.tolerate(() => leader.act(core => core.proposeConfChange(cc)))
  }

  /** The leader proposes its own removal; then maybe it is cut off or crashes before the entry leaves, and maybe another voter goes down for long. */
  private removeLeader (): void {
    const v = this.vrng
    const leader = v.pick(this.responsiveLeaders())
    const voters = leader?.core?.status().conf.voters ?? []
    if (leader === undefined || voters.length < 3 || !voters.includes(leader.id)) return
    this.capture = []
    const index = this.tolerate(() => leader.act(core => core.proposeConfChange({ type: 'remove', node: leader.id })))
    const sent = this.capture
    this.capture = undefined
    if (index === undefined) return
    this.report.leaderRemovals++
    const what = v.next()
    if (what < 0.35) {
      this.group.clear()
      this.group.set(leader.id, 1)
      this.report.partitions++
      this.report.leaderRemovalsCut++
    } else if (what < 0.6) {
      for (const [at, batch] of this.inflight) this.inflight.set(at, batch.filter(m => !sent.includes(m)))
      this.crash(leader)
      this.report.leaderRemovalsCut++
    }
    if (v.chance(0.5)) {
      const other = v.pick(voters.filter(id => id !== leader.id && this.nodes.get(id)?.live === true))
      const node = other === undefined ? undefined : this.nodes.get(other)
      if (node !== undefined) this.crash(node, 20 + v.int(200))
    }
  }

  /** A client asks a node that thinks it leads; now and then anyone, to hear NotLeaderError. */
  private propose (text: string): void {
    const leaders = this.leaders()
    const to = this.rng.chance(0.95) ? this.rng.pick(leaders) : this.rng.pick(this.live())
    if (to !== undefined && this.stalled.has(to.id)) return
    this.tolerate(() => to?.act(core => core.propose(encoder.encode(text))))
  }

  /** Runs `fn`, treating the refusals a client expects as no result. */
  private tolerate<T> (fn: () => T): T | undefined {
    try {
      return fn()
    } catch (err) {
      if (err instanceof NotLeaderError || err instanceof ConfChangeInProgressError) return undefined
      throw err
    }
  }

  private changeMembership (): void {
    const leader = this.leaders()[0]
    const status = leader?.core?.status()
    if (leader === undefined || status === undefined || this.stalled.has(leader.id)) return
    const { voters, learners } = status.conf
    const choices: ConfChange[] = []
    const learner = learners.length > 0 ? this.nodes.get(learners[0]) : undefined
    if (learner !== undefined && learner.machine.index >= status.commit - 2) choices.push({ type: 'addVoter', node: learner.id })
    if (learner !== undefined && this.rng.chance(0.1)) choices.push({ type: 'remove', node: learner.id })
    if (learners.length === 0 && voters.length < 5) choices.push({ type: 'addLearner', node: `n${this.nextId + 1}` })
    if (voters.length > 3) choices.push({ type: 'remove', node: this.rng.pick(voters) })
    if (choices.length === 0) return
    const cc = this.rng.pick(choices)
    if (this.tolerate(() => leader.act(core => core.proposeConfChange(cc))) === undefined) return
    if (cc.type === 'addLearner') {
      this.nextId++
      this.addNode(cc.node)
    }
  }

  private transfer (): void {
    const leader = this.rng.pick(this.leaders())
    const voters = leader?.core?.status().conf.voters.filter(v => v !== leader.id) ?? []
    if (voters.length > 0 && leader !== undefined && !this.stalled.has(leader.id)) {
      this.tolerate(() => leader.act(core => { core.transferLeadership(this.rng.pick(voters)) }))
    }
  }

  private heal (): void {
    this.termAtHeal = this.maxTerm()
    this.chaos = false
    this.group.clear()
    this.oneWay = []
    for (const id of [...this.stalled.keys()]) this.resume(id)
    const down = [...this.downUntil.keys()]
    if (this.variations.keepDown) this.chooseKeptDown(down)
    for (const id of down) if (!this.keptDown.has(id)) this.nodes.get(id)?.start()
    this.downUntil.clear()
  }

  /**
   * Keeps down as many of the crashed nodes as can be while a quorum of the
   * voters of every conf in play stays up: each node's newest conf (appended,
   * maybe uncommitted) and its conf as of its commit index. Raft must make
   * progress then: a group must not need a minority back to move on.
   */
  private chooseKeptDown (down: NodeId[]): void {
    const confs = this.confsInPlay()
    const up = (id: NodeId): boolean => this.nodes.has(id) && !this.retired.has(id) && !this.lost.has(id) && !this.keptDown.has(id)
    const quorate = (): boolean => confs.every(c => c.voters.filter(up).length >= Math.floor(c.voters.length / 2) + 1)
    if (!quorate()) return
    // The operator waits for the new member it is adding: it is not left down.
    for (const id of this.vrng.shuffle(down.filter(id => id !== this.replacement?.fresh))) {
      this.keptDown.add(id)
      if (!quorate()) this.keptDown.delete(id)
    }
    this.report.keptDown += this.keptDown.size
  }

  /** Each node's newest conf (appended, maybe uncommitted) and its conf as of its commit index, from its disk and, if it runs, its core. */
  private confsInPlay (): ConfState[] {
    const confs: ConfState[] = []
    for (const node of this.nodes.values()) {
      if (this.retired.has(node.id) || this.lost.has(node.id)) continue
      confs.push(...node.storedConfs())
      const conf = node.core?.status().conf
      if (conf !== undefined) confs.push(conf)
    }
    return confs
  }

  /** One leader, no replacement under way, and every member of its conf not kept down has applied a proposal made after healing. */
  private recovered (text: string): boolean {
    const leaders = this.leaders()
    if (leaders.length !== 1) return false
    const leader = leaders[0]
    const { term, conf } = leader.core?.status() as Status
    const p = this.finalProposal
    if (p === undefined || p.leader !== leader.id || p.term !== term || p.text !== text) {
      const index = this.tolerate(() => leader.act(core => core.propose(encoder.encode(text))))
      if (index !== undefined) this.finalProposal = { leader: leader.id, term, index, text }
      return false
    }
    if (this.replacement !== undefined) return false
    if (this.checker.appliedAt(p.index) !== digest({ type: EntryType.Normal, data: encoder.encode(text) })) return false
    return [...conf.voters, ...conf.learners].every(id => this.keptDown.has(id) || (this.nodes.get(id)?.machine.index ?? 0) >= p.index)
  }

  private maxTerm (): number {
    return Math.max(0, ...this.live().map(n => n.core?.status().term ?? 0))
  }

  /** What a stuck group shows, for the failure's first line (the sweep groups failures by it). */
  private hints (): string {
    const hints: string[] = []
    const live = this.live()
    const status = (n: SimNode): Status => n.core?.status() as Status
    /** Orders logs as the vote rule does: last term, then last index. */
    const rank = (n: SimNode): number => {
      const [term, index] = n.lastEntry()
      return term * 1e9 + index
    }
    const best = Math.max(...live.map(rank))
    // Whoever holds the newest log must be able to win an election: can it campaign?
    for (const n of live.filter(n => rank(n) === best)) {
      const s = status(n)
      if (s.conf.voters.includes(n.id) || s.role === Role.Leader) continue
      const [, atCommit] = n.storedConfs()
      if (atCommit.voters.includes(n.id)) hints.push(`${n.id} holds its own uncommitted removal and the newest log`)
      else if (live.some(o => status(o).conf.voters.includes(n.id))) hints.push(`${n.id} has the newest log and is a learner in its own conf, a voter in another's`)
    }
    const terms = this.maxTerm() - this.termAtHeal
    if (terms > 10) {
      let hint = `${terms} terms since healing`
      if (this.opts.preVote === false) {
        // Each Vote at a higher term makes the voters that refuse it followers of that term, which restarts their election timers.
        const voters = live.filter(n => live.some(o => status(o).conf.voters.includes(n.id)))
        const top = Math.max(...voters.map(rank))
        const rate = (n: SimNode): number => this.clock.get(n.id)?.rate ?? 1
        const ahead = voters.filter(n => rank(n) === top)
        const behind = voters.filter(n => rank(n) < top)
        const faster = behind.filter(n => ahead.every(a => rate(n) > rate(a)))
        const list = (ns: SimNode[]): string => ns.map(n => `${n.id} x${rate(n)}`).join(', ')
        hint += `, no pre-vote: up to date ${list(ahead)}; behind ${list(behind)}${faster.length > 0 ? `; behind on a faster clock ${list(faster)}` : ''}`
      }
      hints.push(hint)
    }
    return hints.length === 0 ? '' : ` (${hints.join('; ')})`
  }

  private describe (): string {
    const lines = [...this.nodes.values()].map(n => {
      const clock = this.clock.get(n.id)
      const rate = clock === undefined ? '' : ` (clock x${clock.rate})`
      if (!n.live) {
        const why = this.lost.has(n.id) ? 'disk lost' : this.retired.has(n.id) ? 'retired' : this.keptDown.has(n.id) ? 'kept down' : 'down'
        return `  ${n.id}: ${why}${rate}`
      }
      const s = n.core?.status() as Status
      const lastTerm = n.logTerm(s.lastIndex)
      return `  ${n.id}: ${s.role} term ${s.term} leader ${s.leader || '-'} commit ${s.commit} applied ${n.machine.index} last ${s.lastIndex} (term ${lastTerm ?? '?'}) voters ${s.conf.voters.join(',')} learners ${s.conf.learners.join(',')}${rate}`
    })
    const r = this.replacement
    if (r !== undefined) lines.push(`  operator: replacing ${r.old} by ${r.fresh}, at ${r.stage}`)
    return lines.join('\n')
  }
}
