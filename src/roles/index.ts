// The role services and replicated state machines a peer runs. The elected
// roles read the state machines their group applies, so each peer gets one
// set of both, made together. MapReduce and KV replace the idle services with
// real ones in the issues that follow; until then those roles are held (they
// show in heartbeats and `swarm status`) but serve nothing.
import type { PeerParts } from '../peer/peer.js'
import type { RoleFactory } from '../peer/roles.js'
import { chunkserverRole } from './chunkserver/service.js'
import { masterRole } from './master/service.js'
import { MasterState } from './master/state.js'
import { ShardmasterState } from './shardmaster/state.js'
import { testbedRole } from './testbed/service.js'

const idle: RoleFactory = () => ({ start () {}, stop () {} })

export function peerParts (): PeerParts & { stateMachines: { master: MasterState, shardmaster: ShardmasterState } } {
  const master = new MasterState()
  return {
    stateMachines: { master, shardmaster: new ShardmasterState() },
    roleFactories: {
      master: masterRole(master),
      shardmaster: idle,
      chunkserver: chunkserverRole,
      worker: idle,
      testbed: testbedRole
    }
  }
}
