// A job's `kv:` input and output on a worker: a map reads its shard's pairs
// under the job's prefixes (held in memory, as a split's bytes are), and a
// reduce puts each of its pairs as one key under the output prefix. A put is
// idempotent, so a reduce run again, or backed up, leaves the same values.
import type { Pair } from '../../../protocols/kv/kv.js'
import type { ShardInput } from '../../../protocols/mr/mr.js'
import { KV_SCHEME, MAX_SHARD_INPUT_BYTES } from '../../../protocols/mr/wire.js'
import type { KvClient } from '../../client/kv.js'
import { CodedError, USER_CODES } from '../../peer/errors.js'
import { TaskFailure } from './sandbox.js'

/** Puts in flight at once: the client pipelines them on one stream per peer. */
const PUTS_AT_ONCE = 64

/** The pairs of the shard under its prefixes, and their size in bytes (keys and values). */
export async function readShard (kv: KvClient, input: ShardInput, signal: AbortSignal): Promise<{ pairs: Pair[], bytes: number }> {
  const pairs: Pair[] = []
  let bytes = 0
  for (const prefix of input.prefixes) {
    for await (const pair of kv.scanShard(input.shard, prefix, { signal })) {
      bytes += Buffer.byteLength(pair.key) + pair.value.length
      if (bytes > MAX_SHARD_INPUT_BYTES) throw new TaskFailure(`shard ${input.shard} holds more than ${MAX_SHARD_INPUT_BYTES} bytes under ${KV_SCHEME}${prefix}, more than one map reads (use narrower prefixes)`)
      pairs.push(pair)
    }
  }
  return { pairs, bytes }
}

/** Puts `prefix + key` = `value` for every pair; the bytes put (keys and values). */
export async function putPairs (kv: KvClient, prefix: string, pairs: Array<[string, string]>, signal: AbortSignal): Promise<number> {
  let next = 0
  let bytes = 0
  const putter = async (): Promise<void> => {
    while (next < pairs.length) {
      const [name, text] = pairs[next++]
      const key = prefix + name
      const value = Buffer.from(text)
      try {
        await kv.put(key, value, { signal })
      } catch (err) {
        // A key or value the store refuses is the job's doing: its attempts count.
        if (err instanceof CodedError && USER_CODES.has(err.code)) throw new TaskFailure(`the reduce's pair with key ${JSON.stringify(key.slice(0, 100))} cannot be put: ${err.message}`)
        throw err
      }
      bytes += Buffer.byteLength(key) + value.length
    }
  }
  await Promise.all(Array.from({ length: Math.min(PUTS_AT_ONCE, pairs.length) }, putter))
  return bytes
}
