// The shardmaster's replicated state: the numbered list of KV configurations
// (DESIGN §6). Configuration 0 assigns no shards; join/leave/move arrive with
// the KV store.
import type { StateMachine } from '../../peer/consensus/driver.js'
import { decodeJson, encodeJson } from '../json-state.js'

export interface ShardConfig {
  num: number
  /** shard -> group id ('' = unassigned) */
  shards: string[]
  /** group id -> peer ids */
  groups: Record<string, string[]>
}

export const SHARD_COUNT = 64

export class ShardmasterState implements StateMachine {
  private configs: ShardConfig[] = [{ num: 0, shards: new Array<string>(SHARD_COUNT).fill(''), groups: {} }]

  apply (data: Uint8Array): unknown {
    throw new Error(`unknown shardmaster command ${JSON.stringify(decodeJson(data))}`)
  }

  query (num = -1): ShardConfig {
    return num < 0 || num >= this.configs.length ? this.configs[this.configs.length - 1] : this.configs[num]
  }

  snapshot (): Uint8Array {
    return encodeJson(this.configs)
  }

  restore (data: Uint8Array): void {
    this.configs = decodeJson<ShardConfig[]>(data)
  }
}
