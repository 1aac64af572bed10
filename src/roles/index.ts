// The role services and replicated state machines a peer runs. The elected
// roles read the state machines their group applies, so each peer gets one
// set of both, made together. The master is given the worker role's factory
// to run tasks itself where no peer is a worker. KV replaces the idle
// shardmaster in the issue that follows; until then that role is held (it
// shows in heartbeats and `swarm status`) but serves nothing.
import type { PeerParts } from '../peer/peer.js'
import type { RoleFactory } from '../peer/roles.js'
import { chunkserverRole } from './chunkserver/service.js'
import { masterRole } from './master/service.js'
import { MasterState } from './master/state.js'
import { ShardmasterState } from './shardmaster/state.js'
import { testbedRole } from './testbed/service.js'
import { workerRole } from './worker/service.js'

const idle: RoleFactory = () => ({ start () {}, stop () {} })

export function peerParts (): PeerParts & { stateMachines: { master: MasterState, shardmaster: ShardmasterState } } {
  const master = new MasterState()
  return {
    stateMachines: { master, shardmaster: new ShardmasterState() },
    roleFactories: {
      master: masterRole(master, workerRole),
      shardmaster: idle,
      chunkserver: chunkserverRole,
      worker: workerRole,
      testbed: testbedRole
    }
  }
}
