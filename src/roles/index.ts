// The role services and replicated state machines a peer runs. The DFS,
// MapReduce and KV issues replace each idle service with the real one; until
// then a role is held (it shows in heartbeats and `swarm status`) but serves
// nothing.
import type { RoleFactory, RoleName } from '../peer/roles.js'
import { MasterState } from './master/state.js'
import { ShardmasterState } from './shardmaster/state.js'

const idle: RoleFactory = () => ({ start () {}, stop () {} })

export const roleFactories: Record<RoleName, RoleFactory> = {
  master: idle,
  shardmaster: idle,
  chunkserver: idle,
  worker: idle
}

export function controlStateMachines (): { master: MasterState, shardmaster: ShardmasterState } {
  return { master: new MasterState(), shardmaster: new ShardmasterState() }
}
