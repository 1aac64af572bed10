// One process is one peer: this assembles the runtime (identity, store, libp2p
// node, membership, consensus, roles, status, perf) from a PeerConfig and takes it
// down again in order.
import { mkdir } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import type { Heartbeat } from '../../protocols/members.js'
import type { StateMachine, Timing } from './consensus/driver.js'
import { GroupHost } from './consensus/host.js'
import { RaftTransport } from './consensus/transport.js'
import type { PeerConfig } from './config.js'
import { Council, CONTROL_GROUPS, type ControlGroup } from './council.js'
import { FREE_DISK_HEADROOM } from './disk-space.js'
import { Fence } from './fence.js'
import { loadOrCreateIdentity } from './identity.js'
import { Joiner } from './joiner.js'
import { logger, setLogPeerName, type Logger } from './log.js'
import { Handlers } from './rpc.js'
import { Membership, MembershipView } from './membership.js'
import { createPeerNode, type PeerNode } from './node.js'
import { servePerf } from './perf.js'
import { RoleManager, type Counters, type RoleFactory, type RoleName } from './roles.js'
import { serveStatus } from './status.js'
import { Store } from './store.js'
import { readSwarmKey } from './swarm-key.js'
import { Traffic } from './traffic.js'

const STOP_DEADLINE_MS = 5_000

export interface PeerParts {
  roleFactories: Partial<Record<RoleName, RoleFactory>>
  stateMachines: Record<ControlGroup, StateMachine>
  timing?: Timing
}

export class Peer {
  readonly config: PeerConfig
  readonly node: PeerNode
  readonly store: Store
  readonly view: MembershipView
  readonly council: Council
  readonly roles: RoleManager
  readonly log: Logger
  private readonly membership: Membership
  private readonly transport: RaftTransport
  private readonly host: GroupHost
  private readonly joiner: Joiner
  private readonly fence: Fence
  private readonly counters: Counters = { kvOps: 0 }
  private readonly traffic: Traffic
  /** The process's CPU time at the previous heartbeat, to report the share of a core used since. */
  private cpuMark = { usage: process.cpuUsage(), at: performance.now() }
  /** The peer's own protocols (status, perf); roles and the transport keep theirs. */
  private readonly handlers: Handlers
  private parentTimer?: NodeJS.Timeout
  private stopping?: Promise<void>

  private constructor (config: PeerConfig, node: PeerNode, store: Store, parts: PeerParts, log: Logger) {
    this.config = config
    this.node = node
    this.store = store
    this.log = log
    const self = node.peerId.toString()
    const startedAt = Date.now()
    this.view = new MembershipView({ self })
    this.fence = new Fence()
    this.handlers = new Handlers(node)
    this.transport = new RaftTransport(node, log.child('raft'))
    this.host = new GroupHost({
      self,
      store,
      send: (group, message, snapshot) => { this.transport.send(group, message, snapshot) },
      log: log.child('raft'),
      timing: parts.timing
    })
    this.council = new Council({
      self,
      store,
      host: this.host,
      view: this.view,
      log: log.child('council'),
      // A bootstrap list that names only this peer (the same list on every machine) still founds.
      founder: config.bootstrap.every(addr => addr.endsWith(`/p2p/${node.peerId.toString()}`)),
      stateMachines: parts.stateMachines
    })
    this.roles = new RoleManager(parts.roleFactories, { node, store, view: this.view, fence: this.fence, council: this.council, groups: this.host, counters: this.counters, log, home: config.home })
    this.traffic = new Traffic(node)
    this.membership = new Membership(node, this.view, () => this.heartbeat(startedAt), log.child('members'))
    this.joiner = new Joiner(node, config.bootstrap, log.child('join'))
  }

  static async start (config: PeerConfig, parts: PeerParts): Promise<Peer> {
    await mkdir(config.home, { recursive: true, mode: 0o700 })
    const swarmKey = await readSwarmKey(config.swarmKeyPath)
    const privateKey = await loadOrCreateIdentity(join(config.home, 'peer.key'))
    const store = Store.open(config.home)
    const node = await createPeerNode({ privateKey, swarmKey, listen: config.listen, announce: config.announce, bootstrap: config.bootstrap })
    setLogPeerName(node.peerId.toString().slice(-8))
    const peer = new Peer(config, node, store, parts, logger('peer'))
    try {
      await peer.run()
    } catch (err) {
      await peer.stop().catch(() => {})
      throw err
    }
    return peer
  }

  get id (): string {
    return this.node.peerId.toString()
  }

  addrs (): string[] {
    return this.node.getMultiaddrs().map(a => a.toString())
  }

  private async run (): Promise<void> {
    await this.node.start()
    this.council.on('leader', (group: ControlGroup, change: { leader: string, term: number, isSelf: boolean }) => {
      this.fence.observe(group, change.term)
      // A late change during a stop must not announce: the store may be closed.
      void this.roles.set(group, change.isSelf, change.term).then(() => { if (this.stopping == null) this.membership.announce() })
    })
    // A halted host is never restarted in this process (its state machines hold
    // applied state a reopen would apply again): the peer must stop.
    this.host.on('fatal', (err: unknown) => {
      this.log.error('consensus halted; stopping the peer', err)
      void this.stop().finally(() => process.exit(1))
    })
    for (const role of this.config.roles) await this.roles.set(role, true)
    if (this.config.testHooks) await this.roles.set('testbed', true)
    // Quiet groups run no election timer: the failure detector wakes them.
    this.node.addEventListener('peer:disconnect', event => { this.host.leaderLost(event.detail.toString()) })
    this.node.addEventListener('peer:connect', event => { this.host.peerReturned(event.detail.toString()) })
    this.view.subscribe(change => {
      if (change.state !== 'alive') this.host.leaderLost(change.id)
      else this.host.peerReturned(change.id)
    })
    // The council opens its stored groups before any Raft message can arrive.
    this.host.start()
    this.council.start()
    await this.transport.start(
      (group, message) => { this.host.receive(group, message) },
      (group, to) => { this.host.reportUnreachable(group, to) },
      (group, message) => this.host.snapshotSink(group, message)
    )
    await serveStatus(this.handlers, this.council, this.view, this.log.child('status'))
    await servePerf(this.node, this.handlers, this.view, this.log.child('perf'))
    this.membership.start()
    this.joiner.start()
    this.watchParent()
    this.log(`peer ${this.id} listening on ${this.addrs().join(' ')}`)
  }

  private heartbeat (startedAt: number): Omit<Heartbeat, 'seq'> {
    return {
      id: this.id,
      addrs: this.addrs(),
      roles: this.roles.held(),
      // Only what our own replica knows: repeating claims heard from others
      // would keep a dead leader's claim alive forever.
      leaders: CONTROL_GROUPS.flatMap(group => {
        const leader = this.council.leader(group)
        return leader == null ? [] : [{ role: group, id: leader.id, term: leader.term }]
      }),
      freeDisk: this.store.roughRoom(),
      // No room for any chunk beyond the headroom, or a disk that refused a write just now.
      full: !this.store.fits({ bytes: 0, keep: FREE_DISK_HEADROOM }) || this.store.failingWrites(),
      load: loadavg()[0] / availableParallelism(),
      council: this.council.voters(),
      voter: this.config.voter,
      startedAt,
      ...this.traffic.totals(),
      kvOps: this.counters.kvOps,
      elections: this.host.electionsWon,
      cpu: this.cpuSinceLastHeartbeat()
    }
  }

  private cpuSinceLastHeartbeat (): number {
    const mark = { usage: process.cpuUsage(), at: performance.now() }
    const used = process.cpuUsage(this.cpuMark.usage)
    const share = (used.user + used.system) / 1000 / Math.max(1, mark.at - this.cpuMark.at)
    this.cpuMark = mark
    return share
  }

  /** Local swarms and tests pass their pid: a peer never outlives the process that started it. */
  private watchParent (): void {
    const pid = this.config.exitWithPid
    if (pid == null) return
    this.parentTimer = setInterval(() => {
      try {
        process.kill(pid, 0)
      } catch {
        this.log(`parent ${pid} is gone; stopping`)
        void this.stop().finally(() => process.exit(0))
      }
    }, 1_000)
    this.parentTimer.unref()
  }

  /** Stops in order: hand leadership over, stop roles, consensus, gossip, libp2p, store. */
  async stop (): Promise<void> {
    this.stopping ??= this.shutdown()
    return this.stopping
  }

  private async shutdown (): Promise<void> {
    this.joiner.stop()
    clearInterval(this.parentTimer)
    await this.council.handOver()
    // Consensus stops first, so no late leadership event restarts a role.
    this.council.stop()
    this.host.stop()
    await this.roles.stopAll()
    this.membership.stop()
    await this.handlers.stop()
    await this.transport.stop()
    // A ref'd deadline: libp2p's stop waits on unref'd timers, which alone would let the process exit before the store closes.
    let deadline: NodeJS.Timeout | undefined
    await Promise.race([
      this.node.stop(),
      new Promise(resolve => { deadline = setTimeout(resolve, STOP_DEADLINE_MS) })
    ])
    clearTimeout(deadline)
    await this.store.close()
  }
}
