// A seeded simulation of peers that host Raft groups: several groups share
// the peers (each group's voters drawn from them, overlapping), and so share
// their crashes and restarts, partitions, clocks and stalls, one network that
// loses, delays, reorders and duplicates, and one failure detector. Each group
// has its own Checker, which checks every step of that group; clients,
// membership changes, compaction and transfers are per group (group.ts).
// Then everything heals and every group must elect a leader and commit again.
//
// As in the real peer: quiescence is on (a core's default), so idle groups go
// quiet and stop ticking; all the messages one peer sends another in a tick
// travel as one batch, lost, delayed or duplicated together (the transport
// writes a peer's queued messages in one go; network.ts); the failure detector
// (detector.ts) wakes the groups whose leader's peer died or became
// unreachable (GroupHost.leaderLost), and a peer's return wakes the quiet
// groups its peers lead (GroupHost.peerReturned). Harsher than the real
// peer, for safety's sake: batches overtake each other, many seeds reorder
// the messages within a batch, and a scattered network (SimOptions.scatter)
// sends each message alone.
//
// Each seed also draws a set of variations (see Variations): long delays,
// one-way links, clocks at other speeds and stalls, disk loss with the
// operator's replacement of the peer's replicas, a leader asked to remove
// itself, and a liveness check that keeps a minority of crashed peers down,
// then kills the peer leading the most quiet groups. Their draws come from a
// second generator.
import { MessageType } from '../../src/peer/consensus/types.js'
import type { Message, NodeId } from '../../src/peer/consensus/types.js'
import { mix } from './checker.js'
import { Detector } from './detector.js'
import type { Verdict } from './detector.js'
import { SimGroup } from './group.js'
import type { GroupOptions, Peers } from './group.js'
import { Network } from './network.js'
import type { Batch, GroupMessage, OneWayCut } from './network.js'
import type { SimNode } from './node.js'
import { Rng } from './prng.js'

export type { GroupOptions } from './group.js'

/** Each is drawn per seed (unless SimOptions says) and named in every failure of the seed. */
export interface Variations {
  /** Some batches arrive up to several election timeouts late, not only a few ticks. */
  longDelays: boolean
  /** Links that lose one direction only: A hears B, B does not hear A. */
  oneWay: boolean
  /** Some peers' clocks run slow or fast (ticks skipped or doubled); peers stall like a blocked event loop, then resume. */
  clocks: boolean
  /** A peer loses its whole disk; a new peer (new id) replaces it, the operator removing the lost id from each of its groups and adding the new one as a learner, promoted where the old one voted. Only when some group changes membership. */
  diskLoss: boolean
  /** A group's leader is asked to remove itself, at times then cut off or crashed before anyone has the entry, at times with another voter down long. Groups with membership changes only. */
  removeLeader: boolean
  /**
   * Liveness is checked first with a minority of the crashed peers kept down
   * (a quorum of every conf in play of every group up), then with them back;
   * then, once the groups are quiet, the peer leading the most of them dies
   * for good, so that only the failure detector can wake their followers, and
   * liveness is checked once more.
   */
  keepDown: boolean
}

export const VARIATIONS: ReadonlyArray<keyof Variations> = ['longDelays', 'oneWay', 'clocks', 'diskLoss', 'removeLeader', 'keepDown']

export interface SimOptions {
  seed: number
  /** Peers at the start, n1 to nN; membership changes and disk loss add more. */
  peers: number
  /** The groups, each booting on its voters drawn from the peers. */
  groups: GroupOptions[]
  chaosTicks: number
  /** Ticks the healed cluster gets for every group to elect a leader and commit a fresh proposal everywhere (at least FAST_CLOCK_LIVENESS_TICKS where a peer's clock runs fast). */
  livenessTicks: number
  preVote?: boolean
  checkQuorum?: boolean
  /**
   * Each message travels alone, lost, delayed and duplicated on its own, as
   * soon as it is sent: a network harsher than the transport (which writes a
   * peer's queued messages in one go, in order), that Raft must survive too.
   */
  scatter?: boolean
  /** Scales how often partitions begin and peers crash or are cut off (default 1): below 1, idle groups stay quiet longer between troubles. */
  trouble?: number
  /** Overrides the seed's draw of each variation. */
  variations?: Partial<Variations>
}

export interface SimReport {
  groups: number
  steps: number
  elections: number
  committed: number
  snapshotsSent: number
  confChanges: number
  crashes: number
  partitions: number
  /** Ticks from healing until the fresh proposal was applied on every member of every group (with the kept-down peers still down). */
  recovery: number
  /** Batches delayed long (longDelays). */
  longDelays: number
  /** One-way cuts made (oneWay). */
  oneWayCuts: number
  /** Peers with a slow or fast clock (clocks). */
  skewedClocks: number
  /** Event-loop stalls (clocks). */
  stalls: number
  /** Disks lost (diskLoss). */
  diskLosses: number
  /** Lost replicas whose replacement the operator finished: old id removed, new id added (and promoted if the old one voted). */
  replacements: number
  /** Leaders that proposed their own removal (removeLeader). */
  leaderRemovals: number
  /** ... and were cut off or crashed right after, before sending it. */
  leaderRemovalsCut: number
  /** Peers kept down through the first liveness check (keepDown). */
  keptDown: number
  /** Peers killed at the end while leading quiet groups (keepDown), and the quiet groups they led. */
  quietLeadersKilled: number
  quietGroupsOrphaned: number
  /** Message batches peers sent each other, and those carrying more than one group's messages. */
  batches: number
  coalesced: number
  /** Ticks of each group during the chaos, and those in which all its running replicas were quiet. */
  groupTicks: number
  quietGroupTicks: number
  /** Times a group went quiet (all its running replicas) during the chaos. */
  quiescences: number
  /** The failure detector's verdicts that a peer is gone. */
  deadVerdicts: number
  /** Replicas that forgot their leader because the detector found its peer gone (GroupHost.leaderLost), and quiet ones it woke. */
  wakes: number
  quietWakes: number
  /** Quiet leaders woken because a peer came back (GroupHost.peerReturned). */
  returnWakes: number
}

export function emptyReport (): SimReport {
  return {
    groups: 0, steps: 0, elections: 0, committed: 0, snapshotsSent: 0, confChanges: 0, crashes: 0, partitions: 0, recovery: 0,
    longDelays: 0, oneWayCuts: 0, skewedClocks: 0, stalls: 0, diskLosses: 0, replacements: 0, leaderRemovals: 0, leaderRemovalsCut: 0, keptDown: 0, quietLeadersKilled: 0, quietGroupsOrphaned: 0,
    batches: 0, coalesced: 0, groupTicks: 0, quietGroupTicks: 0, quiescences: 0, deadVerdicts: 0, wakes: 0, quietWakes: 0, returnWakes: 0
  }
}

const ELECTION_TICKS = 10
const HEARTBEAT_TICKS = 2
const FINAL = 'final'
const FAST_CLOCK_LIVENESS_TICKS = 1000
/** How long the end of a run waits for every group to go quiet before a peer leading quiet groups dies. */
const QUIET_WAIT_TICKS = 5 * ELECTION_TICKS

class SimPeer {
  /** Its replicas by group name; a retired replica leaves, a lost disk's stay, never to run again. */
  readonly replicas = new Map<string, SimNode>()
  up = true
  lost = false
  /** Crashed: the tick it comes back. */
  downUntil: number | undefined
  /** A slow or fast clock, and the fraction of a tick it is owed. */
  clock: { rate: number, owed: number } | undefined
  /** Its process is blocked: when it resumes, since when, whether it then ticks for the time lost, and what reached it meanwhile. */
  stall: { until: number, since: number, catchUp: boolean, inbox: Array<Batch | Verdict> } | undefined
  /** Messages written this tick, by destination peer. */
  readonly outbox = new Map<NodeId, GroupMessage[]>()

  constructor (readonly id: NodeId) {}
}

export class SimCluster implements Peers {
  readonly groups: SimGroup[] = []
  readonly peers = new Map<NodeId, SimPeer>()
  readonly variations: Variations
  /** Every draw of the variations; the rest of the chaos keeps `rng` to itself. */
  readonly vrng: Rng
  private now = 0
  private chaos = true
  private readonly rng: Rng
  private readonly network: Network
  /** Crashed peers left down through the first liveness check. */
  private readonly keptDown = new Set<NodeId>()
  private readonly detector: Detector
  /** Chance that a batch's messages reach the replicas in another order than sent. */
  private readonly reorder: number
  private nextPeer = 0
  private readonly report: SimReport = emptyReport()
  private readonly optionsText: string

  constructor (private readonly opts: SimOptions) {
    const rng = this.rng = new Rng(opts.seed)
    const loss = rng.next() * (rng.chance(0.3) ? 0.3 : 0.1)
    const duplication = rng.next() * 0.05
    // The transport keeps a peer's messages in order, but Raft must not rely on it: many seeds reorder within batches too.
    this.reorder = rng.pick([0, 0.5, 1])
    const lagReady = rng.chance(0.5) ? 0.3 : 0
    /** Small batches make followers acknowledge old-term entries without the new leader's no-op (Raft Figure 8). */
    const maxEntriesPerAppend = rng.pick([1, 2, 4, 64])
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
    if (!opts.groups.some(g => g.membership)) this.variations.diskLoss = this.variations.removeLeader = false
    const longDelay = { chance: 0.01 + v.next() * 0.09, max: v.pick([2, 3, 5]) * ELECTION_TICKS }
    this.network = new Network(rng, v, { loss, duplication, longDelay: this.variations.longDelays ? longDelay : undefined })
    // How long a silent peer takes to be suspected: one to three election timeouts, and some jitter.
    const suspicion = rng.pick([1, 2, 3]) * ELECTION_TICKS
    this.detector = new Detector(rng.fork(), suspicion, ELECTION_TICKS)
    const on = VARIATIONS.filter(k => this.variations[k])
    const off = [opts.preVote === false ? 'no pre-vote' : '', opts.checkQuorum === false ? 'no check-quorum' : ''].filter(t => t !== '')
    const shape = `${opts.peers} peers, ${opts.groups.length} group${opts.groups.length === 1 ? '' : 's'}${opts.scatter === true ? ', scattered' : ''}${(opts.trouble ?? 1) === 1 ? '' : `, trouble x${opts.trouble}`}`
    this.optionsText = `${[shape, ...off].join(', ')}${on.length > 0 ? `; ${on.join(', ')}` : ''}`

    const ids = Array.from({ length: opts.peers }, (_, k) => `n${k + 1}`)
    for (const id of ids) this.addPeer(id)
    const params = { electionTicks: ELECTION_TICKS, heartbeatTicks: HEARTBEAT_TICKS, preVote: opts.preVote, checkQuorum: opts.checkQuorum, maxEntriesPerAppend }
    opts.groups.forEach((g, k) => {
      if (g.voters > ids.length) throw new RangeError(`a group of ${g.voters} voters on ${ids.length} peers`)
      // One group on as many peers as it has voters boots on n1.. in order; otherwise on a seeded draw of them.
      const voters = g.voters === ids.length ? ids : rng.shuffle([...ids]).slice(0, g.voters)
      this.groups.push(new SimGroup(this, `g${k + 1}`, g, voters, params, rng.fork(), lagReady))
    })
    this.report.groups = this.groups.length
  }

  run (): SimReport {
    for (let i = 0; i < this.opts.chaosTicks; i++) this.tick()
    this.heal()
    const kept = [...this.keptDown].join(', ')
    this.report.recovery = this.awaitRecovery(FINAL, kept === '' ? '' : ` with ${kept} kept down`)
    if (this.keptDown.size > 0) {
      const back = [...this.keptDown]
      this.keptDown.clear()
      for (const id of back) this.restart(this.peer(id))
      this.awaitRecovery(`${FINAL} after ${kept}`, ` of ${kept} coming back`)
    }
    const killed = this.variations.keepDown ? this.killQuietLeader() : undefined
    if (killed !== undefined) this.awaitRecovery(`${FINAL} without ${killed}`, ` of ${killed}, which led quiet groups, dying`)
    for (const key of ['batches', 'coalesced', 'longDelays'] as const) this.report[key] = this.network.counts[key]
    for (const g of this.groups) {
      g.finish()
      this.report.steps += g.checker.steps
      this.report.elections += g.checker.elections
      for (const key of ['committed', 'confChanges', 'replacements', 'leaderRemovals', 'leaderRemovalsCut'] as const) this.report[key] += g.report[key]
    }
    return this.report
  }

  /** Ticks until a fresh proposal `text` is applied on every member of every group that is up; returns the ticks it took. */
  private awaitRecovery (text: string, what: string): number {
    for (const g of this.groups) g.recovered = false
    const bound = this.livenessTicks()
    for (let i = 1; i <= bound; i++) {
      this.tick()
      let all = true
      for (const g of this.groups) {
        if (!g.recovered) g.recovered = g.checkRecovered(text)
        all &&= g.recovered
      }
      if (all) return i
    }
    const stuck = this.groups.filter(g => !g.recovered)
    const g = stuck[0]
    const others = stuck.length > 1 ? ` (and ${stuck.slice(1).map(o => o.name).join(', ')})` : ''
    return g.checker.fail(`no leader committed a fresh proposal on every member within ${bound} ticks${what}${g.hints(this.opts.preVote)}${others}:\n${g.describe()}\n  peers: ${this.describePeers()}`)
  }

  /**
   * A leader on a fast clock counts its check-quorum round (an election
   * timeout of its own ticks) in fewer real ticks than a round trip to a
   * follower on a slow clock may take: Raft's timing requirement does not
   * hold, and a term it wins may end at once. Slow, not stuck: with batches,
   * one single-group run in 20,000 took 487 ticks, with a leader on a clock
   * twice as fast and a follower on one half as fast; without skewed clocks
   * none of 5,538 took more than 168.
   */
  private livenessTicks (): number {
    const fast = [...this.peers.values()].some(p => (p.clock?.rate ?? 1) > 1)
    return fast ? Math.max(this.opts.livenessTicks, FAST_CLOCK_LIVENESS_TICKS) : this.opts.livenessTicks
  }

  // ---- what a group asks of the peers ----

  peer (id: NodeId): SimPeer {
    const peer = this.peers.get(id)
    if (peer === undefined) throw new Error(`no peer ${id}`)
    return peer
  }

  isUp (id: NodeId): boolean { return this.peers.get(id)?.up === true }
  isStalled (id: NodeId): boolean { return this.peers.get(id)?.stall !== undefined }
  isLost (id: NodeId): boolean { return this.peers.get(id)?.lost === true }
  isKeptDown (id: NodeId): boolean { return this.keptDown.has(id) }
  clockRate (id: NodeId): number { return this.peers.get(id)?.clock?.rate ?? 1 }

  describePeer (id: NodeId): string {
    const peer = this.peers.get(id)
    if (peer === undefined) return 'no such peer'
    if (peer.lost) return 'disk lost'
    if (this.keptDown.has(id)) return 'kept down'
    if (!peer.up) return 'down'
    if (peer.stall !== undefined) return 'stalled'
    return 'up'
  }

  host (id: NodeId, group: SimGroup, node: SimNode): void {
    const peer = this.peer(id)
    peer.replicas.set(group.name, node)
    if (peer.up) node.start()
  }

  peerFor (group: SimGroup): NodeId | undefined {
    const unused = [...this.peers.values()].filter(p => !p.lost && !group.nodes.has(p.id))
    if (unused.length > 0 && this.rng.chance(0.7)) return this.rng.pick(unused).id
    return `n${this.nextPeer + 1}`
  }

  /** Starts a new machine (if `id` is not one yet). */
  addPeer (id: NodeId): void {
    if (this.peers.has(id)) return
    const peer = new SimPeer(id)
    this.peers.set(id, peer)
    this.nextPeer++
    if (this.variations.clocks && this.vrng.chance(0.5)) {
      peer.clock = { rate: this.vrng.pick([0.5, 0.75, 1.5, 2]), owed: 0 }
      this.report.skewedClocks++
    }
  }

  send (from: NodeId, group: SimGroup, messages: Message[]): void {
    const outbox = this.peer(from).outbox
    for (const m of messages) {
      if (m.type === MessageType.Snapshot) this.report.snapshotsSent++
      if (this.opts.scatter === true) {
        this.network.send(this.now, from, m.to, [{ group, m }])
        continue
      }
      const queue = outbox.get(m.to)
      if (queue === undefined) outbox.set(m.to, [{ group, m }])
      else queue.push({ group, m })
    }
  }

  /**
   * Stops a peer's process for a while. What it sent this tick had not left
   * yet (`sent` keeps it): in batches, the unwritten outbox; scattered, the
   * messages already on their way.
   */
  crash (id: NodeId, downFor?: number, sent: 'keep' | 'lose' = 'lose'): void {
    const peer = this.peer(id)
    if (!peer.up) return
    if (sent === 'keep') this.flushPeer(peer)
    else if (this.opts.scatter === true) {
      this.network.unsend(id, this.now)
    }
    this.stop(peer)
    this.report.crashes++
    peer.downUntil = this.now + (downFor ?? (this.rng.chance(0.5) ? 1 + this.rng.int(3) : 5 + this.rng.int(60)))
  }

  cutOff (id: NodeId): void {
    this.network.partition([id])
    this.report.partitions++
  }

  // ---- time ----

  private tick (): void {
    this.now++
    for (const g of this.groups) g.checker.where = `seed ${this.opts.seed} (${this.optionsText}) tick ${this.now} ${g.name} (${g.text})`
    for (const g of this.groups) for (const id of g.retire()) this.peers.get(id)?.replicas.delete(g.name)
    for (const peer of this.peers.values()) if (peer.downUntil !== undefined && peer.downUntil <= this.now) this.restart(peer)
    for (const peer of this.peers.values()) if (peer.stall !== undefined && peer.stall.until <= this.now) this.resume(peer)
    for (const verdict of this.detector.due(this.now)) this.verdict(verdict)
    if (this.chaos) this.makeTrouble()
    for (const g of this.groups) if (g.replacement !== undefined && (!this.chaos || this.vrng.chance(0.3))) g.operate()
    for (const peer of this.peers.values()) {
      if (!peer.up || peer.stall !== undefined) continue
      for (let k = this.ticksOwed(peer); k > 0; k--) for (const node of peer.replicas.values()) node.tick()
    }
    this.deliverDue()
    this.flush()
    this.observe()
    if (this.chaos) this.countQuiet()
  }

  /** 1 on a true clock; on a slow one sometimes 0, on a fast one sometimes 2. */
  private ticksOwed (peer: SimPeer): number {
    const c = peer.clock
    if (c === undefined) return 1
    c.owed += c.rate
    const n = Math.floor(c.owed)
    c.owed -= n
    return n
  }

  private countQuiet (): void {
    for (const g of this.groups) {
      const isQuiet = g.allQuiet()
      if (isQuiet === undefined) continue
      this.report.groupTicks++
      if (isQuiet) this.report.quietGroupTicks++
      if (isQuiet && !g.quiet) this.report.quiescences++
      g.quiet = isQuiet
    }
  }

  // ---- the network ----

  /** Each peer writes what it queued for each other peer this tick as one batch. */
  private flush (): void {
    for (const peer of this.peers.values()) this.flushPeer(peer)
  }

  private flushPeer (peer: SimPeer): void {
    for (const [to, messages] of peer.outbox) this.network.send(this.now, peer.id, to, messages)
    peer.outbox.clear()
  }

  private deliverDue (): void {
    for (const b of this.network.arrivals(this.now)) {
      const to = this.peers.get(b.to)
      if (to?.up === true && this.network.connected(b.from, b.to)) {
        if (to.stall !== undefined) {
          to.stall.inbox.push(b) // it arrived; the blocked process reads it when it resumes
          continue
        }
        this.receive(to, b)
      } else if (this.rng.chance(0.5)) {
        // A real transport often learns that a write failed, and tells every group it carried.
        const from = this.peers.get(b.from)
        if (from?.up !== true || from.stall !== undefined) continue
        for (const { group, m } of b.messages) from.replicas.get(group.name)?.act(core => { core.reportUnreachable(m.to) })
      }
    }
  }

  private receive (peer: SimPeer, b: Batch): void {
    const messages = this.chaos && this.rng.chance(this.reorder) ? this.rng.shuffle([...b.messages]) : b.messages
    for (const { group, m } of messages) {
      if (!peer.up) return // it crashed reading the batch
      const node = peer.replicas.get(group.name)
      if (node === undefined) continue // not hosted here (any more): the host drops it
      const applied = node.machine.index
      node.deliver(m)
      // Crash right after the reply was persisted and sent: did the vote or entries really reach the disk? Right
      // after applying, most often: a leader that just committed crashes before its followers learn of it.
      const chance = m.type === MessageType.Vote ? 0.05 : node.machine.index > applied ? 0.01 : 0.002 / this.groups.length
      if (this.chaos && this.rng.chance(chance)) {
        this.crash(peer.id, undefined, 'keep')
      }
    }
  }

  // ---- the failure detector ----

  /** What each running peer truly hears from each other peer now; the detector turns changes into verdicts later. */
  private observe (): void {
    for (const o of this.peers.values()) {
      if (!o.up) continue
      for (const x of this.peers.values()) {
        if (x === o) continue
        this.detector.observe(this.now, o.id, x.id, x.up && x.stall === undefined && this.network.connected(x.id, o.id), !x.up)
      }
    }
  }

  private verdict (v: Verdict): void {
    const observer = this.peers.get(v.observer)
    if (observer?.up !== true) return
    if (!v.alive) this.report.deadVerdicts++
    if (observer.stall !== undefined) observer.stall.inbox.push(v) // its detector runs when it resumes
    else this.hear(observer, v)
  }

  /** What the host does with a verdict: GroupHost.leaderLost or GroupHost.peerReturned. */
  private hear (observer: SimPeer, v: Verdict): void {
    if (!v.alive) {
      // The connection from that peer is closed: nothing it still carried arrives.
      this.network.close(v.peer, observer.id)
      for (const node of observer.replicas.values()) {
        const core = node.core
        if (core === undefined || core.leader() !== v.peer) continue
        const quiet = core.isQuiesced()
        node.act(c => { c.wake(v.peer) })
        // Counted by their effect, so that a wake that does nothing shows.
        if (core.leader() !== v.peer) this.report.wakes++
        if (quiet && !core.isQuiesced()) this.report.quietWakes++
      }
    } else {
      for (const node of observer.replicas.values()) {
        const core = node.core
        if (core === undefined || core.leader() !== observer.id || !core.isQuiesced()) continue
        node.act(c => { c.wake() })
        if (!core.isQuiesced()) this.report.returnWakes++
      }
    }
  }

  // ---- the chaos ----

  private makeTrouble (): void {
    const rng = this.rng
    const t = this.opts.trouble ?? 1
    if (rng.chance(this.network.partitioned ? 0.05 : 0.01 * t)) this.repartition()
    const live = [...this.peers.values()].filter(p => p.up)
    if (live.length > 0 && rng.chance(0.006 * t)) this.crash(rng.pick(live).id)
    const leaders = this.groups.flatMap(g => g.leaders().map(n => n.id))
    if (leaders.length > 0 && rng.chance(0.008 * t)) this.crash(rng.pick(leaders))
    if (leaders.length > 0 && rng.chance(0.008 * t)) this.isolate(rng.pick(leaders))
    for (const g of this.groups) g.makeTrouble()

    const v = this.vrng
    const variations = this.variations
    if (variations.oneWay && v.chance(this.network.hasOneWayCuts ? 0.05 : 0.02)) this.cutOneWay()
    if (variations.clocks && v.chance(0.01)) this.stall()
    const replacing = this.groups.some(g => g.replacement !== undefined)
    if (variations.diskLoss && !replacing && this.report.diskLosses < 2 && v.chance(0.006)) this.loseDisk()
    // Most often near the end of the chaos, so that what it leaves behind meets the liveness check.
    const late = this.now > this.opts.chaosTicks - 60
    if (variations.removeLeader && v.chance(late ? 0.06 : 0.02)) {
      v.pick(this.groups.filter(g => g.opts.membership && g.replacement === undefined))?.removeLeader()
    }
  }

  /** Stops a peer's process: what its replicas have not persisted, and what it has not written to the network, is lost. */
  private stop (peer: SimPeer): void {
    for (const node of peer.replicas.values()) node.crash()
    peer.up = false
    peer.stall = undefined
    peer.outbox.clear()
  }

  private restart (peer: SimPeer): void {
    peer.downUntil = undefined
    if (peer.lost) return
    peer.up = true
    this.detector.restarted(peer.id)
    for (const node of peer.replicas.values()) node.start()
  }

  /** Leaves `id` in a minority, alone or with one other peer. */
  private isolate (id: NodeId): void {
    this.report.partitions++
    this.network.partition(this.peers.size >= 5 && this.rng.chance(0.5) ? [id, this.rng.pick([...this.peers.keys()])] : [id])
  }

  /** Heals the partition, or makes a new one: a peer alone, or a random split. */
  private repartition (): void {
    if (this.rng.chance(0.3)) {
      this.network.partition(undefined)
      return
    }
    this.report.partitions++
    const ids = [...this.peers.keys()]
    this.network.partition(this.rng.chance(0.5) ? [this.rng.pick(ids)] : ids.filter(() => this.rng.int(2) === 1))
  }

  /** Replaces the one-way cuts: none, a peer that only hears or is only heard, a leader's peer so, or a few links one way. */
  private cutOneWay (): void {
    const v = this.vrng
    const cuts: OneWayCut[] = []
    if (!v.chance(0.3)) {
      const ids = [...this.peers.values()].filter(p => !p.lost).map(p => p.id)
      const leader = v.pick(this.groups.flatMap(g => g.leaders().map(n => n.id)))
      const kind = v.int(3)
      if (kind === 0 || (kind === 1 && leader !== undefined)) {
        const x = kind === 1 && leader !== undefined ? leader : v.pick(ids)
        cuts.push(v.chance(0.5) ? { from: x } : { to: x })
      } else {
        for (let n = 1 + v.int(3); n > 0; n--) {
          const [from, to] = v.shuffle([...ids])
          if (to !== undefined) cuts.push({ from, to })
        }
      }
    }
    this.network.cut(cuts)
    if (cuts.length > 0) this.report.oneWayCuts++
  }

  /** Blocks a peer's process for a while: no ticks, no steps, no verdicts; what reaches it waits. */
  private stall (): void {
    const v = this.vrng
    const peer = v.pick([...this.peers.values()].filter(p => p.up && p.stall === undefined))
    if (peer === undefined) return
    peer.stall = { until: this.now + 5 + v.int(4 * ELECTION_TICKS), since: this.now, catchUp: v.chance(0.5), inbox: [] }
    this.report.stalls++
  }

  /** The process runs again: it reads what arrived meanwhile; a driver that counts ticks by elapsed time then catches up. */
  private resume (peer: SimPeer): void {
    const s = peer.stall
    peer.stall = undefined
    if (s === undefined) return
    for (const item of s.inbox) {
      if (!peer.up) return
      if ('messages' in item) this.receive(peer, item)
      else this.hear(peer, item)
    }
    if (s.catchUp && this.chaos) for (let k = this.now - s.since; k > 0; k--) for (const node of peer.replicas.values()) node.tick()
  }

  /**
   * A peer loses its disk. Its id is never started again; a new machine
   * comes up empty under a new id, and the operator (SimGroup.operate) removes
   * the old id from each of its groups and adds the new one.
   */
  private loseDisk (): void {
    const group = this.vrng.pick(this.groups.filter(g => g.responsiveLeaders().length > 0))
    const conf = group?.responsiveLeaders()[0].core?.status().conf
    if (group === undefined || conf === undefined) return
    const members = [...conf.voters, ...conf.learners].filter(id => group.hosted(id))
    const id = this.vrng.pick(members)
    // Raft survives the loss of a voter only where the others are a quorum: in every conf in play, not just the leader's.
    if (id === undefined || !this.groups.every(g => g.mayLose(id))) return
    const peer = this.peer(id)
    const fresh = `n${this.nextPeer + 1}`
    this.addPeer(fresh)
    for (const g of this.groups) if (g.hosted(id)) g.replace(id, fresh)
    this.stop(peer)
    for (const node of peer.replicas.values()) node.loseDisk()
    peer.lost = true
    peer.downUntil = undefined
    this.report.diskLosses++
  }

  private heal (): void {
    for (const g of this.groups) g.termAtHeal = g.maxTerm()
    this.chaos = false
    this.network.calm()
    for (const peer of this.peers.values()) if (peer.stall !== undefined) this.resume(peer)
    const down = [...this.peers.values()].filter(p => p.downUntil !== undefined).map(p => p.id)
    if (this.variations.keepDown) this.chooseKeptDown(down)
    for (const id of down) if (!this.keptDown.has(id)) this.restart(this.peer(id))
    for (const id of this.keptDown) this.peer(id).downUntil = undefined
  }

  /**
   * Keeps down as many of the crashed peers as can be while, in every group, a
   * quorum of the voters of every conf in play stays up: each replica's newest
   * conf (appended, maybe uncommitted) and its conf as of its commit index.
   * Raft must make progress then: a group must not need a minority back to
   * move on.
   */
  private chooseKeptDown (down: NodeId[]): void {
    const quorate = (): boolean => this.groups.every(g => g.quorate(this.keptDown))
    if (!quorate()) return
    // The operator waits for the new member it is adding: it is not left down.
    const fresh = new Set(this.groups.map(g => g.replacement?.fresh))
    for (const id of this.vrng.shuffle(down.filter(id => !fresh.has(id)))) {
      this.keptDown.add(id)
      if (!quorate()) this.keptDown.delete(id)
    }
    this.report.keptDown += this.keptDown.size
  }

  /**
   * Waits (a bounded while) for every group to go quiet, then kills for good
   * the peer leading the most quiet groups among those every group can lose
   * (a quorum of every conf in play stays up); returns it, or undefined when
   * no group went quiet.
   */
  private killQuietLeader (): NodeId | undefined {
    for (let i = 0; i < QUIET_WAIT_TICKS && !this.groups.every(g => g.allQuiet() !== false); i++) this.tick()
    const led = new Map<NodeId, number>()
    for (const g of this.groups) {
      if (g.allQuiet() !== true) continue
      for (const n of g.leaders()) led.set(n.id, (led.get(n.id) ?? 0) + 1)
    }
    const losable = [...led].filter(([id]) => this.groups.every(g => g.quorate(new Set([id]))))
    const most = Math.max(0, ...losable.map(([, n]) => n))
    const id = this.vrng.pick(losable.filter(([, n]) => n === most).map(([id]) => id))
    if (id === undefined) return undefined
    this.crash(id, 1)
    this.peer(id).downUntil = undefined
    this.keptDown.add(id)
    this.report.quietLeadersKilled++
    this.report.quietGroupsOrphaned += most
    return id
  }

  private describePeers (): string {
    return [...this.peers.values()].map(p => {
      const state = this.describePeer(p.id)
      const clock = p.clock === undefined ? '' : ` x${p.clock.rate}`
      return `${p.id} ${state}${clock}`
    }).join(', ')
  }
}
