// The control plane: two consensus groups on the same council of voters.
// The leader of "master" holds the master role, the leader of "shardmaster"
// the shardmaster role. The master group's leader grows and repairs the
// council; the shardmaster group's leader mirrors the master group's voters.
import { EventEmitter } from 'node:events'
import { describeError, type Logger } from './log.js'
import type { MembershipView } from './membership.js'
import type { Store } from './store.js'
import type { LeaderChange, RaftGroup, StateMachine } from './consensus/driver.js'
import type { GroupHost } from './consensus/host.js'
import { MessageType, Role, type ConfChange, type ConfState } from './consensus/types.js'
import { nextConfChange, planCouncil, type Candidate } from './council-plan.js'

export const CONTROL_GROUPS = ['master', 'shardmaster'] as const
export type ControlGroup = typeof CONTROL_GROUPS[number]

const RECONCILE_INTERVAL_MS = 300

export interface CouncilOptions {
  self: string
  store: Store
  host: GroupHost
  view: MembershipView
  log: Logger
  /** A peer started without bootstrap addresses founds a new swarm. */
  founder: boolean
  stateMachines: Record<ControlGroup, StateMachine>
}

export interface LeaderInfo { id: string, term: number }

/** Emits 'leader' with (group, LeaderChange) whenever a group's leadership changes. */
export class Council extends EventEmitter {
  private readonly options: CouncilOptions
  private readonly groups = new Map<ControlGroup, RaftGroup>()
  private timer?: NodeJS.Timeout
  private stopped = false

  constructor (options: CouncilOptions) {
    super()
    this.options = options
  }

  start (): void {
    const { store, host, founder, self } = this.options
    for (const group of CONTROL_GROUPS) host.storage.migrateLegacy(store, group)
    // A peer whose log says it belongs to a council never founds another, not
    // even the second group (it may have crashed between founding the two).
    const member = CONTROL_GROUPS.some(group => host.storage.hasState(group))
    for (const group of CONTROL_GROUPS) {
      if (host.storage.hasState(group)) this.open(group)
      else if (founder && !member) this.open(group, { voters: [self], learners: [] }).campaign()
    }
    // A leader's first message to a newcomer opens the control group here.
    host.onStray = (name, message) => {
      const known = (CONTROL_GROUPS as readonly string[]).includes(name)
      if (known && !this.stopped && (message.type === MessageType.Append || message.type === MessageType.Snapshot)) this.open(name as ControlGroup)
    }
    this.timer = setInterval(() => { this.reconcile() }, RECONCILE_INTERVAL_MS)
  }

  stop (): void {
    this.stopped = true
    clearInterval(this.timer)
    for (const name of this.groups.keys()) void this.options.host.close(name)
    this.groups.clear()
  }

  group (name: ControlGroup): RaftGroup | undefined {
    return this.groups.get(name)
  }

  /** The leader this peer knows for a group, from its own replica. */
  leader (name: ControlGroup): LeaderInfo | undefined {
    const status = this.groups.get(name)?.status()
    if (status == null) return undefined
    const id = status.role === Role.Leader ? status.id : status.leader
    return id === '' ? undefined : { id, term: status.term }
  }

  voters (group: ControlGroup = 'master'): string[] {
    return this.groups.get(group)?.status().conf.voters ?? []
  }

  /**
   * Hands leadership of every group this peer leads to a live voter and waits
   * (briefly) for it to take over, so a graceful stop costs no election timeout.
   */
  async handOver (timeoutMs = 1_000): Promise<void> {
    const handing = [...this.groups.values()].flatMap(group => {
      const status = group.status()
      const successor = status.conf.voters.find(id => id !== status.id && this.options.view.state(id) === 'alive')
      if (status.role !== Role.Leader || successor == null) return []
      this.options.log(`${group.group}: handing leadership to ${successor}`)
      group.transferLeadership(successor)
      return [new Promise<void>(resolve => {
        const timer = setTimeout(done, timeoutMs)
        function done (): void { clearTimeout(timer); group.off('leader', onLeader); resolve() }
        function onLeader (change: LeaderChange): void { if (!change.isSelf) done() }
        group.on('leader', onLeader)
      })]
    })
    await Promise.all(handing)
  }

  private open (name: ControlGroup, bootstrapConf?: ConfState): RaftGroup {
    // Two drivers over the same stored state would vote twice in one term.
    const existing = this.groups.get(name)
    if (existing != null) return existing
    const { host, log, stateMachines } = this.options
    const group = host.open({ group: name, stateMachine: stateMachines[name], log: log.child(name), bootstrapConf })
    group.on('leader', (change: LeaderChange) => {
      if (change.leader !== '') log(`${name}: leader ${change.leader} for term ${change.term}`)
      this.emit('leader', name, change)
    })
    this.groups.set(name, group)
    return group
  }

  private reconcile (): void {
    const master = this.groups.get('master')
    if (master == null) return
    const masterConf = master.status().conf
    for (const [name, group] of this.groups) {
      const status = group.status()
      if (status.role !== Role.Leader) continue
      for (const id of [...status.conf.voters, ...status.conf.learners]) this.options.view.expect(id)
      const desired = name === 'master'
        ? planCouncil(status.conf, this.candidates(), status.id)
        : masterConf.voters
      const caughtUp = (id: string): boolean => (status.progress?.[id]?.match ?? 0) >= status.commit
      // A voter that lost its state answers as a new replica: it leaves, then rejoins as a learner like any newcomer.
      const stranger = status.strangers?.[0]
      const change: ConfChange | undefined = stranger != null ? { type: 'remove', node: stranger } : nextConfChange(status.conf, desired, caughtUp)
      if (change == null) continue
      group.proposeConfChange(change, AbortSignal.timeout(5_000)).then(() => {
        this.options.log(`${name}: council ${change.type} ${change.node}`)
      }, err => {
        if (err.name !== 'ConfChangeInProgressError') this.options.log(`${name}: council change ${change.type} ${change.node} not made: ${describeError(err)}`)
      })
    }
  }

  private candidates (): Map<string, Candidate> {
    const candidates = new Map<string, Candidate>()
    for (const member of this.options.view.list()) {
      candidates.set(member.heartbeat.id, {
        id: member.heartbeat.id,
        state: member.state,
        voter: member.heartbeat.voter,
        startedAt: member.heartbeat.startedAt
      })
    }
    return candidates
  }
}
