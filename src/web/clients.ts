// The console's clients, all on its peer's own node: the same library the CLI uses.
import { DfsClient } from '../client/dfs.js'
import { KvClient } from '../client/kv.js'
import { MrClient } from '../client/mr.js'
import { ShardmasterClient } from '../client/shardmaster.js'
import { Swarm } from '../client/swarm.js'
import type { ClientNode } from '../peer/node.js'

export class ConsoleClients {
  readonly swarm: Swarm
  readonly dfs: DfsClient
  readonly mr: MrClient
  readonly shardmaster: ShardmasterClient
  private kvClient?: KvClient

  constructor (node: ClientNode) {
    this.swarm = Swarm.onPeer(node)
    this.dfs = new DfsClient(this.swarm)
    this.mr = new MrClient(this.swarm, this.dfs)
    this.shardmaster = new ShardmasterClient(this.swarm)
  }

  /** Made on first use: its configuration watch runs only once someone asks for a key. */
  get kv (): KvClient {
    this.kvClient ??= new KvClient(this.swarm)
    return this.kvClient
  }

  close (): void {
    this.kvClient?.close()
  }
}
