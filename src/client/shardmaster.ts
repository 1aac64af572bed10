// Calls to the KV shardmaster: the leader client for the shardmaster group.
// Configurations travel as JSON ({num, shards, groups}).
import { ShardmasterRequest, ShardmasterResponse } from '../../protocols/kv/kv.js'
import { MAX_SHARDMASTER_RESPONSE_BYTES, SHARDMASTER_PROTOCOL, type ShardConfig } from '../../protocols/kv/wire.js'
import { LeaderClient } from './leader-client.js'
import type { Swarm } from './swarm.js'

export class ShardmasterClient {
  private readonly leader: LeaderClient<ShardmasterRequest, ShardmasterResponse>

  constructor (swarm: Swarm) {
    this.leader = new LeaderClient(swarm, {
      group: 'shardmaster',
      name: 'the KV shardmaster',
      protocol: SHARDMASTER_PROTOCOL,
      request: ShardmasterRequest,
      response: ShardmasterResponse,
      maxResponseBytes: MAX_SHARDMASTER_RESPONSE_BYTES,
      errorOf: response => ({ code: response.error, message: response.message, leader: response.leader === '' ? undefined : response.leader })
    })
  }

  /** Configuration `num` (-1: the latest; with `newerThan`, waits a while for one newer than that). */
  async query (num = -1, options: { newerThan?: number, signal?: AbortSignal } = {}): Promise<ShardConfig> {
    return await this.config({ query: { num: BigInt(num), newerThan: BigInt(options.newerThan ?? -1) } }, options.signal)
  }

  /** Forms a new replica group of `peers`; the new configuration. */
  async join (peers: string[], signal?: AbortSignal): Promise<ShardConfig> {
    return await this.config({ join: { peers } }, signal)
  }

  async leave (gids: string[], signal?: AbortSignal): Promise<ShardConfig> {
    return await this.config({ leave: { gids } }, signal)
  }

  async move (shard: number, gid: string, signal?: AbortSignal): Promise<ShardConfig> {
    return await this.config({ move: { shard: BigInt(shard), gid } }, signal)
  }

  private async config (request: ShardmasterRequest, signal?: AbortSignal): Promise<ShardConfig> {
    const response = await this.leader.call(request, signal)
    return JSON.parse(response.config) as ShardConfig
  }
}
