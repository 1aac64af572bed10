// The role services and replicated state machines a peer runs. The elected
// roles read the state machines their group applies, so each peer gets one
// set of both, made together. The master is given the worker role's factory
// to run tasks itself where no peer is a worker.
import type { PeerParts } from '../peer/peer.js'
import { chunkserverRole } from './chunkserver/service.js'
import { masterRole } from './master/service.js'
import { MasterState } from './master/state.js'
import { shardmasterRole } from './shardmaster/service.js'
import { ShardmasterState } from './shardmaster/state.js'
import { kvRole } from './kv/service.js'
import { testbedRole } from './testbed/service.js'
import { workerRole } from './worker/service.js'

export function peerParts (): PeerParts & { stateMachines: { master: MasterState, shardmaster: ShardmasterState } } {
  const master = new MasterState()
  const shardmaster = new ShardmasterState()
  return {
    stateMachines: { master, shardmaster },
    roleFactories: {
      master: masterRole(master, workerRole),
      shardmaster: shardmasterRole(shardmaster),
      chunkserver: chunkserverRole,
      worker: workerRole,
      kv: kvRole,
      testbed: testbedRole
    }
  }
}
