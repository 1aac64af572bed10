// A hand-driven network for focused tests: messages queue up and are
// delivered in order by deliver(), except those `drop` says are lost.
import type { ConfState, Message, NodeId } from '../../src/peer/consensus/types.js'
import { Checker } from './checker.js'
import { SimNode } from './node.js'
import type { NodeParams } from './node.js'
import { Rng } from './prng.js'

export class Net {
  readonly checker = new Checker()
  readonly nodes = new Map<NodeId, SimNode>()
  queue: Message[] = []
  /** Messages for which this is true are lost. */
  drop: (m: Message) => boolean = () => false
  private readonly rng: Rng

  constructor (seed = 1, readonly params: NodeParams = { electionTicks: 10, heartbeatTicks: 2 }) {
    this.rng = new Rng(seed)
  }

  /** A group whose members all boot with the same conf. */
  static cluster (voters: NodeId[], seed = 1, params?: NodeParams): Net {
    const net = new Net(seed, params)
    for (const id of voters) net.add(id, { voters, learners: [] })
    return net
  }

  /** Starts a node; without `bootstrap` it has empty state and waits to be contacted. */
  add (id: NodeId, bootstrap?: ConfState, params = this.params): SimNode {
    const node = new SimNode(id, params, this.rng.fork(), { send: messages => { this.queue.push(...messages) } }, this.checker, bootstrap)
    this.nodes.set(id, node)
    node.start()
    return node
  }

  node (id: NodeId): SimNode {
    const node = this.nodes.get(id)
    if (node === undefined) throw new Error(`no node ${id}`)
    return node
  }

  /** Delivers until no message is left; returns how many arrived. */
  deliver (): number {
    let delivered = 0
    for (let m = this.queue.shift(); m !== undefined; m = this.queue.shift()) {
      if (this.drop(m)) continue
      this.nodes.get(m.to)?.deliver(m)
      if (++delivered > 100_000) throw new Error('messages never stop')
    }
    return delivered
  }

  /** `n` rounds of: every node ticks, then every message is delivered. */
  tick (n = 1): void {
    for (let i = 0; i < n; i++) {
      for (const node of this.nodes.values()) node.tick()
      this.deliver()
    }
  }

  /** Makes `id` campaign and runs the election to its end. */
  elect (id: NodeId): void {
    this.node(id).act(core => { core.campaign() })
    this.deliver()
  }

  leaders (): SimNode[] {
    return [...this.nodes.values()].filter(n => n.isLeader)
  }

  /** Cuts `id` off: everything to or from it is lost. */
  isolate (id: NodeId): void {
    this.drop = m => m.from === id || m.to === id
  }

  heal (): void {
    this.drop = () => false
  }
}
