// Gossip heartbeats -> a live view of the swarm. Every peer publishes a
// heartbeat on `shoal/members/1` each second; a peer unheard for 3 s is
// suspect, for 10 s dead. The view is the failure detector every role uses.
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { Heartbeat, type LeaderClaim } from '../../protocols/members.js'
import { describeError, type Logger } from './log.js'
import type { PeerNode } from './node.js'

export const MEMBERS_TOPIC = 'shoal/members/1'
export const HEARTBEAT_INTERVAL_MS = 1_000
const MAX_HEARTBEAT_BYTES = 16 * 1024
const STALE_CHECK_MS = 1_000
const STALE_CONNECTION_MS = 3_000
/**
 * How often a peer's unchanged addresses are written to the peer store again:
 * a write per heartbeat was most of an idle peer's libp2p work, and the store
 * forgets addresses an hour after they were last written.
 */
const ADDRESS_REFRESH_MS = 10 * 60_000

export type Liveness = 'alive' | 'suspect' | 'dead'

export interface Member {
  heartbeat: Heartbeat
  lastHeard: number
  state: Liveness
}

export interface LivenessChange {
  id: string
  state: Liveness
  previous: Liveness | undefined
}

/** Whether `heartbeat` was sent before `last` by the same process (gossip reordered them). */
function olderThan (heartbeat: Heartbeat, last: Heartbeat): boolean {
  return heartbeat.seq !== 0 && heartbeat.startedAt === last.startedAt && heartbeat.seq <= last.seq
}

export function emptyHeartbeat (id: string): Heartbeat {
  return { id, addrs: [], roles: [], leaders: [], freeDisk: 0, full: false, load: 0, council: [], voter: false, startedAt: 0, seq: 0, bytesIn: 0, bytesOut: 0, kvOps: 0, elections: 0, cpu: 0 }
}

export interface ViewOptions {
  self: string
  suspectAfterMs?: number
  deadAfterMs?: number
  now?: () => number
}

/** The failure detector: pure bookkeeping over heartbeats and a clock. */
export class MembershipView {
  readonly self: string
  private readonly suspectAfterMs: number
  private readonly deadAfterMs: number
  private readonly now: () => number
  private readonly members = new Map<string, Member>()
  /** Per member, how many times it came back alive after it was suspect or dead. */
  private readonly returns = new Map<string, number>()
  private readonly listeners = new Set<(change: LivenessChange) => void>()

  constructor (options: ViewOptions) {
    this.self = options.self
    this.suspectAfterMs = options.suspectAfterMs ?? 3_000
    this.deadAfterMs = options.deadAfterMs ?? 10_000
    this.now = options.now ?? Date.now
  }

  /** Records a heartbeat (our own too: we are always alive to ourselves); one older than the last heard from that process is ignored. */
  observe (heartbeat: Heartbeat): void {
    const previous = this.members.get(heartbeat.id)
    if (previous !== undefined && olderThan(heartbeat, previous.heartbeat)) return
    this.members.set(heartbeat.id, { heartbeat, lastHeard: this.now(), state: 'alive' })
    if (previous !== undefined && previous.state !== 'alive') this.returns.set(heartbeat.id, this.epoch(heartbeat.id) + 1)
    if (previous?.state !== 'alive') this.emit({ id: heartbeat.id, state: 'alive', previous: previous?.state })
  }

  /** Starts the silence clock for a peer we expect to hear from but have not (a voter after our restart). */
  expect (id: string): void {
    if (this.members.has(id)) return
    this.members.set(id, { heartbeat: emptyHeartbeat(id), lastHeard: this.now(), state: 'alive' })
  }

  /** Moves members to suspect/dead as their silence grows; call it on a timer. */
  refresh (): void {
    const now = this.now()
    for (const [id, member] of this.members) {
      if (id === this.self) continue
      const silence = now - member.lastHeard
      const state: Liveness = silence >= this.deadAfterMs ? 'dead' : silence >= this.suspectAfterMs ? 'suspect' : 'alive'
      if (state !== member.state) {
        const previous = member.state
        member.state = state
        this.emit({ id, state, previous })
      }
    }
  }

  /**
   * How many times `id` came back alive after it was suspect or dead: what it
   * said before its last return may no longer hold (it may have lost its disk).
   */
  epoch (id: string): number {
    return this.returns.get(id) ?? 0
  }

  get (id: string): Member | undefined {
    return this.members.get(id)
  }

  state (id: string): Liveness | undefined {
    return this.members.get(id)?.state
  }

  list (): Member[] {
    return [...this.members.values()]
  }

  /** The highest-term leader claim for a role among live members' heartbeats, naming a leader not known dead. */
  leader (role: string): LeaderClaim | undefined {
    let best: LeaderClaim | undefined
    for (const member of this.members.values()) {
      if (member.state === 'dead') continue
      for (const claim of member.heartbeat.leaders) {
        if (this.members.get(claim.id)?.state === 'dead') continue
        if (claim.role === role && (best == null || claim.term > best.term)) best = claim
      }
    }
    return best
  }

  subscribe (listener: (change: LivenessChange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit (change: LivenessChange): void {
    for (const listener of this.listeners) listener(change)
  }
}

/** Publishes our heartbeats and feeds everyone's into the view. */
export class Membership {
  readonly view: MembershipView
  private readonly node: PeerNode
  private readonly makeHeartbeat: () => Omit<Heartbeat, 'seq'>
  private readonly log: Logger
  private timers: NodeJS.Timeout[] = []
  /** Heartbeats this process has announced. */
  private sent = 0
  /** Per peer, the addresses last written to the peer store, and when. */
  private readonly recorded = new Map<string, { addrs: string, at: number }>()

  constructor (node: PeerNode, view: MembershipView, makeHeartbeat: () => Omit<Heartbeat, 'seq'>, log: Logger) {
    this.node = node
    this.view = view
    this.makeHeartbeat = makeHeartbeat
    this.log = log
    this.onMessage = this.onMessage.bind(this)
  }

  start (): void {
    this.node.services.pubsub.subscribe(MEMBERS_TOPIC)
    this.node.services.pubsub.addEventListener('message', this.onMessage)
    this.timers.push(setInterval(() => { this.announce() }, HEARTBEAT_INTERVAL_MS))
    this.timers.push(setInterval(() => { this.view.refresh() }, 250))
    this.timers.push(setInterval(() => { this.reviveStaleGossip() }, STALE_CHECK_MS))
    this.announce()
  }

  stop (): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers = []
    this.node.services.pubsub.removeEventListener('message', this.onMessage)
    this.node.services.pubsub.unsubscribe(MEMBERS_TOPIC)
  }

  /** Publishes a heartbeat now: on the timer, and at once when leadership changes. */
  announce (): void {
    const heartbeat = { ...this.makeHeartbeat(), seq: ++this.sent }
    this.view.observe(heartbeat)
    this.node.services.pubsub.publish(MEMBERS_TOPIC, Heartbeat.encode(heartbeat)).catch(err => {
      this.log.error('heartbeat not published', err)
    })
  }

  /**
   * A peer we are connected to but have not heard for the dead timeout has a
   * gossip stream stuck on a connection that died under it: gossipsub 17 does
   * not reopen one after a partition heals (libp2p/js-libp2p#3531 leaves it
   * open). Hanging up and dialing again starts gossip afresh; a peer that is
   * really gone just fails the dial.
   */
  private reviveStaleGossip (): void {
    const now = Date.now()
    for (const connection of this.node.getConnections()) {
      const id = connection.remotePeer.toString()
      if (this.view.state(id) !== 'dead' || now - connection.timeline.open < STALE_CONNECTION_MS) continue
      this.log(`connected to ${id} but deaf to its heartbeats: reconnecting`)
      void this.node.hangUp(connection.remotePeer)
        .then(async () => this.node.dial(connection.remotePeer, { signal: AbortSignal.timeout(3_000) }))
        .catch(err => { this.log(`cannot reconnect to ${id}: ${describeError(err)}`) })
    }
  }

  private onMessage (event: CustomEvent<any>): void {
    const message = event.detail
    if (message.topic !== MEMBERS_TOPIC) return
    const from = message.type === 'signed' ? message.from.toString() : '?'
    try {
      if (message.data.byteLength > MAX_HEARTBEAT_BYTES) throw new Error(`${message.data.byteLength} bytes is over the ${MAX_HEARTBEAT_BYTES} cap`)
      const heartbeat = Heartbeat.decode(message.data)
      // A heartbeat speaks only for its signer: no peer can make another look alive.
      if (heartbeat.id !== from) throw new Error(`heartbeat for ${heartbeat.id} signed by ${from}`)
      this.view.observe(heartbeat)
      this.learnAddresses(heartbeat)
    } catch (err) {
      this.log.error(`bad heartbeat from ${from}: ${describeError(err)}`)
    }
  }

  private learnAddresses (heartbeat: Heartbeat): void {
    const now = Date.now()
    const known = this.recorded.get(heartbeat.id)
    const joined = heartbeat.addrs.join(' ')
    if (known?.addrs === joined && now - known.at < ADDRESS_REFRESH_MS) return
    const addrs = heartbeat.addrs.flatMap(a => { try { return [multiaddr(a)] } catch { return [] } })
    if (addrs.length === 0) return
    this.recorded.set(heartbeat.id, { addrs: joined, at: now })
    this.node.peerStore.merge(peerIdFromString(heartbeat.id), { multiaddrs: addrs }).catch(err => {
      this.recorded.delete(heartbeat.id)
      this.log.error(`cannot record addresses of ${heartbeat.id}`, err)
    })
  }
}
