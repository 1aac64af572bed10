// A seeded simulation of a whole group: a network that loses, delays,
// reorders and duplicates messages and splits into partitions; nodes that
// crash and restart from what they persisted; clients proposing to whoever
// leads; membership changes and compaction. Every step is checked by Checker.
// Then everything heals and the group must elect a leader and commit again.
import { ConfChangeInProgressError, NotLeaderError, decodeConfChange } from '../../src/peer/consensus/core.js'
import { EntryType, MessageType } from '../../src/peer/consensus/types.js'
import type { ConfChange, Entry, Message, NodeId, Status } from '../../src/peer/consensus/types.js'
import { Checker, digest } from './checker.js'
import { SimNode } from './node.js'
import { Rng } from './prng.js'

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
}

export interface SimReport {
  steps: number
  elections: number
  committed: number
  snapshotsSent: number
  confChanges: number
  crashes: number
  partitions: number
  /** Ticks from healing until the fresh proposal was applied on every member. */
  recovery: number
}

const ELECTION_TICKS = 10
const HEARTBEAT_TICKS = 2
const MAX_DELAY = 3
const COMPACT_AFTER = 8
const FINAL = 'final'

export class SimCluster {
  readonly checker = new Checker()
  readonly nodes = new Map<NodeId, SimNode>()
  private readonly rng: Rng
  private now = 0
  private chaos = true
  /** Messages in flight by the tick they arrive. */
  private readonly inflight = new Map<number, Message[]>()
  /** Partition: nodes talk only within their group; absent means group 0. */
  private readonly group = new Map<NodeId, number>()
  /** Crashed nodes and the tick they come back. */
  private readonly downUntil = new Map<NodeId, number>()
  private readonly retiring = new Set<NodeId>()
  private readonly retired = new Set<NodeId>()
  private readonly loss: number
  private readonly duplication: number
  private readonly lagReady: number
  /** Small batches make followers acknowledge old-term entries without the new leader's no-op (Raft Figure 8). */
  private readonly maxEntriesPerAppend: number
  private proposals = 0
  private readonly committed = new Set<number>()
  private readonly confChanges = new Set<number>()
  private nextId: number
  /** The proposal made after healing that every member must apply. */
  private finalProposal: { leader: NodeId, term: number, index: number } | undefined
  private readonly report: SimReport = { steps: 0, elections: 0, committed: 0, snapshotsSent: 0, confChanges: 0, crashes: 0, partitions: 0, recovery: 0 }

  constructor (private readonly opts: SimOptions) {
    this.rng = new Rng(opts.seed)
    this.loss = this.rng.next() * (this.rng.chance(0.3) ? 0.3 : 0.1)
    this.duplication = this.rng.next() * 0.05
    this.lagReady = this.rng.chance(0.5) ? 0.3 : 0
    this.maxEntriesPerAppend = this.rng.pick([1, 2, 4, 64])
    const voters = Array.from({ length: opts.voters }, (_, k) => `n${k + 1}`)
    this.nextId = voters.length
    for (const id of voters) this.addNode(id, { voters, learners: [] })
  }

  run (): SimReport {
    for (let i = 0; i < this.opts.chaosTicks; i++) this.tick()
    this.heal()
    for (let i = 1; i <= this.opts.livenessTicks; i++) {
      this.tick()
      if (this.recovered()) {
        this.report.recovery = i
        this.report.steps = this.checker.steps
        this.report.elections = this.checker.elections
        this.report.committed = this.committed.size
        this.report.confChanges = this.confChanges.size
        return this.report
      }
    }
    return this.checker.fail(`no leader committed a fresh proposal on every member within ${this.opts.livenessTicks} ticks of healing:\n${this.describe()}`)
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
    node.start()
  }

  private tick (): void {
    this.now++
    this.checker.where = `seed ${this.opts.seed} (${this.opts.voters} voters${this.opts.membership ? ', membership' : ''}) tick ${this.now}`
    for (const id of this.retiring) {
      this.nodes.get(id)?.crash()
      this.retired.add(id)
      this.downUntil.delete(id)
    }
    this.retiring.clear()
    for (const [id, at] of this.downUntil) {
      if (at > this.now) continue
      this.downUntil.delete(id)
      this.nodes.get(id)?.start()
    }
    if (this.chaos) this.makeTrouble()
    for (const node of this.nodes.values()) node.tick()
    this.deliverDue()
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
    const at = this.now + 1 + this.rng.int(MAX_DELAY)
    const batch = this.inflight.get(at)
    if (batch === undefined) this.inflight.set(at, [m])
    else batch.push(m)
  }

  private deliverDue (): void {
    const due = this.inflight.get(this.now) ?? []
    this.inflight.delete(this.now)
    for (const m of this.rng.shuffle(due)) {
      const to = this.nodes.get(m.to)
      if (to?.live === true && this.connected(m.from, m.to)) {
        to.deliver(m)
        // Crash right after the reply was persisted and sent: did the vote or entries really reach the disk?
        if (this.chaos && this.rng.chance(m.type === MessageType.Vote ? 0.05 : 0.002)) this.crash(to)
      } else if (this.rng.chance(0.5)) {
        // A real transport often learns that a send failed.
        this.nodes.get(m.from)?.act(core => { core.reportUnreachable(m.to) })
      }
    }
  }

  private connected (a: NodeId, b: NodeId): boolean {
    return (this.group.get(a) ?? 0) === (this.group.get(b) ?? 0)
  }

  private applied (e: Entry): void {
    if (e.type === EntryType.Normal) this.committed.add(e.index)
    if (e.type !== EntryType.ConfChange) return
    if (e.term > 1) this.confChanges.add(e.index) // term 1 holds the bootstrap conf
    const cc = decodeConfChange(e.data)
    // A removed node whose removal is committed is shut down, as an operator would.
    if (cc.type === 'remove' && !this.retired.has(cc.node)) this.retiring.add(cc.node)
  }

  private live (): SimNode[] {
    return [...this.nodes.values()].filter(n => n.live)
  }

  private leaders (): SimNode[] {
    return this.live().filter(n => n.isLeader)
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
    for (const node of this.live()) if (rng.chance(0.05)) node.compact(COMPACT_AFTER)
    if (this.opts.membership && rng.chance(0.05)) this.changeMembership()
    if (rng.chance(0.005)) this.transfer()
  }

  private crash (node: SimNode): void {
    node.crash()
    this.report.crashes++
    this.downUntil.set(node.id, this.now + (this.rng.chance(0.5) ? 1 + this.rng.int(3) : 5 + this.rng.int(60)))
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

  /** A client asks a node that thinks it leads; now and then anyone, to hear NotLeaderError. */
  private propose (text: string): void {
    const leaders = this.leaders()
    const to = this.rng.chance(0.95) ? this.rng.pick(leaders) : this.rng.pick(this.live())
    this.tolerate(() => to?.act(core => core.propose(new TextEncoder().encode(text))))
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
    if (leader === undefined || status === undefined) return
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
    if (voters.length > 0) this.tolerate(() => leader?.act(core => { core.transferLeadership(this.rng.pick(voters)) }))
  }

  private heal (): void {
    this.chaos = false
    this.group.clear()
    for (const id of this.downUntil.keys()) this.nodes.get(id)?.start()
    this.downUntil.clear()
  }

  /** One leader, and every member of its conf has applied a proposal made after healing. */
  private recovered (): boolean {
    const leaders = this.leaders()
    if (leaders.length !== 1) return false
    const leader = leaders[0]
    const { term, conf } = leader.core?.status() as Status
    const p = this.finalProposal
    if (p === undefined || p.leader !== leader.id || p.term !== term) {
      const index = this.tolerate(() => leader.act(core => core.propose(new TextEncoder().encode(FINAL))))
      if (index !== undefined) this.finalProposal = { leader: leader.id, term, index }
      return false
    }
    if (this.checker.appliedAt(p.index) !== digest({ type: EntryType.Normal, data: new TextEncoder().encode(FINAL) })) return false
    return [...conf.voters, ...conf.learners].every(id => (this.nodes.get(id)?.machine.index ?? 0) >= p.index)
  }

  private describe (): string {
    return [...this.nodes.values()].map(n => {
      if (!n.live) return `  ${n.id}: ${this.retired.has(n.id) ? 'retired' : 'down'}`
      const s = n.core?.status() as Status
      return `  ${n.id}: ${s.role} term ${s.term} leader ${s.leader || '-'} commit ${s.commit} applied ${n.machine.index} last ${s.lastIndex} voters ${s.conf.voters.join(',')} learners ${s.conf.learners.join(',')}`
    }).join('\n')
  }
}
