// Starts and stops role services. Chunk servers and workers run for the whole
// life of the peer (unless --roles leaves them out); master and shardmaster run
// only while this peer leads their control group, and stop when a term ends.
import type { GroupHost } from './consensus/host.js'
import type { Council } from './council.js'
import type { Fence } from './fence.js'
import { describeError, type Logger } from './log.js'
import type { MembershipView } from './membership.js'
import type { PeerNode } from './node.js'
import type { Store } from './store.js'

export type RoleName = 'master' | 'shardmaster' | 'chunkserver' | 'worker' | 'testbed'

export interface RoleContext {
  node: PeerNode
  store: Store
  view: MembershipView
  fence: Fence
  /** The control groups: an elected role proposes to its own. */
  council: Pick<Council, 'group'>
  /** Every consensus group on this peer: a role may open its own (KV replica groups). */
  groups: Pick<GroupHost, 'open' | 'get' | 'close' | 'storage'>
  log: Logger
  /** For elected roles: the term this peer leads in; 0 for the others. */
  term: number
}

export interface RoleService {
  start: () => Promise<void> | void
  stop: () => Promise<void> | void
}

export type RoleFactory = (context: RoleContext) => RoleService

/** What every role gets; the term is added per start. */
type SharedContext = Omit<RoleContext, 'term'>

export class RoleManager {
  private readonly factories: Partial<Record<RoleName, RoleFactory>>
  private readonly shared: SharedContext
  private readonly running = new Map<RoleName, { service: RoleService, term: number }>()
  /** Transitions run one after another so a fast win-lose-win never overlaps. */
  private queue: Promise<void> = Promise.resolve()

  constructor (factories: Partial<Record<RoleName, RoleFactory>>, shared: SharedContext) {
    this.factories = factories
    this.shared = shared
  }

  held (): RoleName[] {
    return [...this.running.keys()]
  }

  /** Runs `role` at `term` when `on`, otherwise stops it. */
  async set (role: RoleName, on: boolean, term = 0): Promise<void> {
    this.queue = this.queue.then(async () => {
      const current = this.running.get(role)
      if (current != null && (!on || current.term !== term)) await this.stopRole(role)
      if (on && !this.running.has(role)) await this.startRole(role, term)
    })
    return this.queue
  }

  async stopAll (): Promise<void> {
    for (const role of this.held()) await this.set(role, false)
  }

  private async startRole (role: RoleName, term: number): Promise<void> {
    const factory = this.factories[role]
    if (factory == null) return
    const log = this.shared.log.child(role)
    const service = factory({ ...this.shared, log, term })
    try {
      await service.start()
      this.running.set(role, { service, term })
      log(term > 0 ? `started for term ${term}` : 'started')
    } catch (err) {
      log.error(`failed to start: ${describeError(err)}`)
    }
  }

  private async stopRole (role: RoleName): Promise<void> {
    const current = this.running.get(role)
    this.running.delete(role)
    try {
      await current?.service.stop()
      this.shared.log.child(role)('stopped')
    } catch (err) {
      this.shared.log.error(`${role} failed to stop cleanly`, err)
    }
  }
}
