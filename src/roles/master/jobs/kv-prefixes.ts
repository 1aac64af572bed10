// A job's `kv:PREFIX` inputs and output as the master takes them: the
// prefixes it reads, one map per shard, and what may not go together. The
// master never reads the store itself: which shards hold keys under a prefix
// may change before the maps run, and the map of an empty shard costs one
// scan request.
import { SHARD_COUNT } from '../../../../protocols/kv/shard.js'
import { MAX_KEY_BYTES } from '../../../../protocols/kv/wire.js'
import { KV_SCHEME, kvPrefixOf } from '../../../../protocols/mr/wire.js'
import { CodedError } from '../../../peer/errors.js'
import { isWithin } from '../paths.js'
import type { ShardSplit } from './state.js'

const shown = (prefix: string): string => JSON.stringify(KV_SCHEME + prefix)

/**
 * The prefixes of a job's `kv:` inputs, each once and none below another
 * (its keys would be read twice), or undefined when every input is a DFS path.
 */
export function kvInputPrefixes (inputs: readonly string[]): string[] | undefined {
  const prefixes = inputs.map(kvPrefixOf).filter(prefix => prefix !== undefined)
  if (prefixes.length === 0) return undefined
  const dfs = inputs.find(input => kvPrefixOf(input) === undefined)
  if (dfs !== undefined) throw new CodedError('BAD_REQUEST', `a job reads DFS paths or kv: prefixes, not both (here ${JSON.stringify(dfs)} and ${shown(prefixes[0])})`)
  const given = [...new Set(prefixes)].sort()
  given.forEach(checkPrefix)
  return given.filter(p => !given.some(q => q !== p && p.startsWith(q)))
}

/** One split per shard: a shard without keys under the prefixes is a map with no records. */
export function shardSplits (prefixes: string[]): ShardSplit[] {
  return Array.from({ length: SHARD_COUNT }, (_, shard) => ({ shard, prefixes }))
}

/**
 * A `kv:` output is written over, key by key, so `--force` has nothing to
 * replace; and it may not share keys with the job's input, which a map run
 * again (or the next run) would read.
 */
export function checkKvOutput (prefix: string, force: boolean, inputPrefixes: readonly string[]): void {
  checkPrefix(prefix)
  if (force) {
    throw new CodedError('BAD_REQUEST', `--force does nothing for the kv: output ${shown(prefix)}: a job puts its keys over what is there and leaves the prefix's other keys alone (\`shoal kv purge ${JSON.stringify(prefix)}\` clears it first)`)
  }
  const read = inputPrefixes.find(input => prefixesOverlap(input, prefix))
  if (read !== undefined) throw new CodedError('BAD_REQUEST', `the output ${shown(prefix)} and the input ${shown(read)} share keys: the job would read what it writes`)
}

/** Whether two jobs' outputs may hold the same file or the same key. */
export function outputsOverlap (a: string, b: string): boolean {
  const [kvA, kvB] = [kvPrefixOf(a), kvPrefixOf(b)]
  if (kvA !== undefined && kvB !== undefined) return prefixesOverlap(kvA, kvB)
  if (kvA !== undefined || kvB !== undefined) return false
  return isWithin(a, b) || isWithin(b, a)
}

const prefixesOverlap = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a)

function checkPrefix (prefix: string): void {
  const bytes = Buffer.byteLength(prefix, 'utf8')
  if (bytes >= MAX_KEY_BYTES) throw new CodedError('BAD_REQUEST', `a kv: prefix may have at most ${MAX_KEY_BYTES - 1} bytes (a key, ${MAX_KEY_BYTES}), not ${bytes}`)
}
