// Starts and stops role services. Chunk servers and workers run for the whole
// life of the peer (unless --roles leaves them out); master and shardmaster run
// only while this peer leads their control group, and stop when a term ends.
// A role may run as several instances, one per consensus group (a KV replica
// service for each group this peer is in), each started and stopped alone.
import type { GroupHost } from './consensus/host.js'
import type { Council } from './council.js'
import type { Fence } from './fence.js'
import { describeError, type Logger } from './log.js'
import type { MembershipView } from './membership.js'
import type { PeerNode } from './node.js'
import type { Store } from './store.js'

export type RoleName = 'master' | 'shardmaster' | 'chunkserver' | 'worker' | 'kv' | 'testbed'

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
  /** Running totals the peer reports in its heartbeats: a role adds what it did. */
  counters: Counters
  /** The peer's home directory: a role keeps its files under `<home>/<role>` (the store is `<home>/db`). */
  home: string
  /** For elected roles: the term this peer leads in; 0 for the others. */
  term: number
  /** Which instance of the role this is (its group id); '' for a role that runs once. */
  instance: string
}

export interface Counters {
  /** KV requests answered. */
  kvOps: number
}

export interface RoleService {
  start: () => Promise<void> | void
  stop: () => Promise<void> | void
}

export type RoleFactory = (context: RoleContext) => RoleService

/** What every role gets; the term and instance are added per start. */
type SharedContext = Omit<RoleContext, 'term' | 'instance'>

interface Running { role: RoleName, instance: string, service: RoleService, term: number }

const keyOf = (role: RoleName, instance: string): string => instance === '' ? role : `${role}/${instance}`

export class RoleManager {
  private readonly factories: Partial<Record<RoleName, RoleFactory>>
  private readonly shared: SharedContext
  private readonly running = new Map<string, Running>()
  /** Transitions run one after another so a fast win-lose-win never overlaps. */
  private queue: Promise<void> = Promise.resolve()

  constructor (factories: Partial<Record<RoleName, RoleFactory>>, shared: SharedContext) {
    this.factories = factories
    this.shared = shared
  }

  /** The roles with at least one instance running, each named once. */
  held (): RoleName[] {
    return [...new Set([...this.running.values()].map(r => r.role))]
  }

  /** The instances of `role` running now. */
  instances (role: RoleName): string[] {
    return [...this.running.values()].filter(r => r.role === role).map(r => r.instance)
  }

  /** Runs `role` (its `instance`, if it runs one per group) at `term` when `on`, otherwise stops it. */
  async set (role: RoleName, on: boolean, term = 0, instance = ''): Promise<void> {
    const key = keyOf(role, instance)
    this.queue = this.queue.then(async () => {
      const current = this.running.get(key)
      if (current != null && (!on || current.term !== term)) await this.stop(key)
      if (on && !this.running.has(key)) await this.start(role, instance, term)
    })
    return this.queue
  }

  async stopAll (): Promise<void> {
    for (const { role, instance } of [...this.running.values()]) await this.set(role, false, 0, instance)
  }

  private async start (role: RoleName, instance: string, term: number): Promise<void> {
    const factory = this.factories[role]
    if (factory == null) return
    const log = this.shared.log.child(keyOf(role, instance))
    const service = factory({ ...this.shared, log, term, instance })
    try {
      await service.start()
      this.running.set(keyOf(role, instance), { role, instance, service, term })
      log(term > 0 ? `started for term ${term}` : 'started')
    } catch (err) {
      log.error(`failed to start: ${describeError(err)}`)
    }
  }

  private async stop (key: string): Promise<void> {
    const current = this.running.get(key)
    this.running.delete(key)
    try {
      await current?.service.stop()
      this.shared.log.child(key)('stopped')
    } catch (err) {
      this.shared.log.error(`${key} failed to stop cleanly`, err)
    }
  }
}
