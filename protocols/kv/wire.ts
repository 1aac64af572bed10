// The KV store's wire: protocol ids, limits, and the names of replica groups.
import type { ShardmasterRequest, ShardmasterResponse } from './kv.js'

/** Client requests to a replica group, many in flight on one stream. */
export const KV_PROTOCOL = '/shoal/kv/1.0.0'
/** A group pulling a shard from its previous owner, and confirming it has it. */
export const KV_SHARD_PROTOCOL = '/shoal/kv/shard/1.0.0'
export const SHARDMASTER_PROTOCOL = '/shoal/kv/shardmaster/1.0.0'

const KiB = 1024
const MiB = 1024 * KiB

export const MAX_KEY_BYTES = 1 * KiB
export const MAX_VALUE_BYTES = 1 * MiB
/** A request or response frame: a value and its key, with room to spare; a scan page is cut to fit. */
export const MAX_KV_FRAME_BYTES = 2 * MiB
/** A scan page: at most this many pairs, and about this many bytes. */
export const MAX_SCAN_LIMIT = 1000
export const MAX_SCAN_PAGE_BYTES = 1 * MiB
/** A shard travels in pieces of about this many bytes, each one entry in the receiving group's log. */
export const SHARD_PIECE_BYTES = 1 * MiB
export const MAX_SHARDMASTER_RESPONSE_BYTES = 4 * MiB
/** The longest a query may wait for a newer configuration. */
export const MAX_CONFIG_WAIT_MS = 10_000

/** The consensus group of replica group `gid`. */
export const groupName = (gid: string): string => `kv/${gid}`
export const GROUP_PREFIX = 'kv/'

const encoder = new TextEncoder()

export interface Problem { code: 'BAD_REQUEST' | 'TOO_LARGE', message: string }

/** What is wrong with a key, or undefined. */
export function keyProblem (key: string): Problem | undefined {
  if (key === '') return { code: 'BAD_REQUEST', message: 'the key is empty' }
  const bytes = encoder.encode(key).length
  if (bytes > MAX_KEY_BYTES) return { code: 'TOO_LARGE', message: `the key is ${bytes} bytes, over the ${MAX_KEY_BYTES} byte limit` }
  return undefined
}

export function valueProblem (value: Uint8Array): Problem | undefined {
  if (value.length > MAX_VALUE_BYTES) return { code: 'TOO_LARGE', message: `the value is ${value.length} bytes, over the ${MAX_VALUE_BYTES} byte limit` }
  return undefined
}

/** The shardmaster's operations: a request names one in its `oneof`. */
export const SHARDMASTER_OPS = ['query', 'join', 'leave', 'move'] as const satisfies ReadonlyArray<keyof ShardmasterRequest>
export type ShardmasterOp = typeof SHARDMASTER_OPS[number]

export function shardmasterOpOf (request: ShardmasterRequest): ShardmasterOp | undefined {
  return SHARDMASTER_OPS.find(op => request[op] != null)
}

export type { ShardmasterResponse }

/** A numbered configuration of the store: which replica group serves each shard, and each group's peers. */
export interface ShardConfig {
  readonly num: number
  /** shard -> group id ('' = unassigned) */
  readonly shards: readonly string[]
  /** group id -> peer ids */
  readonly groups: Readonly<Record<string, readonly string[]>>
}
