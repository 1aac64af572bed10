// Calls to the DFS master: the leader client for the master group, one typed
// call per operation.
import { MasterRequest, MasterResponse } from '../../protocols/dfs/dfs.js'
import { DFS_MASTER_PROTOCOL, MAX_MASTER_RESPONSE_BYTES, type MasterOp, type MasterOpRequest, type MasterOpResult } from '../../protocols/dfs/wire.js'
import { LeaderClient } from './leader-client.js'
import type { Swarm } from './swarm.js'

export class MasterClient {
  private readonly leader: LeaderClient<MasterRequest, MasterResponse>

  constructor (swarm: Swarm) {
    this.leader = new LeaderClient(swarm, {
      group: 'master',
      name: 'the DFS master',
      protocol: DFS_MASTER_PROTOCOL,
      request: MasterRequest,
      response: MasterResponse,
      maxResponseBytes: MAX_MASTER_RESPONSE_BYTES,
      errorOf: response => ({ code: response.error, message: response.message, leader: response.leader === '' ? undefined : response.leader })
    })
  }

  /** Fields left out take their protobuf defaults (empty, zero, false). */
  async call<Op extends MasterOp> (op: Op, request: Partial<MasterOpRequest<Op>>, signal?: AbortSignal): Promise<MasterOpResult<Op>> {
    return await this.leader.op(op, request, signal)
  }
}
