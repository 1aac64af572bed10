// Calls to the DFS master: the leader client for the master group, with the
// master protocol's request defaults and error fields.
import { MasterRequest, MasterResponse } from '../../protocols/dfs/dfs.js'
import { DFS_MASTER_PROTOCOL, MAX_MASTER_RESPONSE_BYTES, masterRequest, type MasterCall } from '../../protocols/dfs/wire.js'
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

  async request (fields: MasterCall, signal?: AbortSignal): Promise<MasterResponse> {
    return await this.leader.call(masterRequest(fields), signal)
  }
}
