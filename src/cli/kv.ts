// What the `shoal kv` commands share: values from the command line or stdin,
// printed as text, and configurations as `kv query` shows them.
import type { ShardConfig } from '../../protocols/kv/wire.js'
import { UserError } from '../client/errors.js'

/** A value given on the command line, or read from stdin for `-`. */
export async function valueArg (value: string): Promise<Uint8Array> {
  if (value !== '-') return new TextEncoder().encode(value)
  const parts: Buffer[] = []
  for await (const part of process.stdin) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8')

/** A shard number as typed: a whole number, or the user's error. */
export function shardArg (shard: string): number {
  if (!/^[0-9]+$/.test(shard)) throw new UserError(`the shard must be a whole number, not ${JSON.stringify(shard)}`)
  return Number(shard)
}

/** One line per group: its peers and how many shards it serves. */
export function describeConfig (config: ShardConfig): string {
  const lines = [`configuration ${config.num}`]
  for (const gid of Object.keys(config.groups).sort()) {
    const shards = config.shards.filter(g => g === gid).length
    lines.push(`${gid}: ${shards} shards, peers ${config.groups[gid].join(', ')}`)
  }
  const unassigned = config.shards.filter(g => g === '').length
  if (unassigned > 0) lines.push(`${unassigned} shards unassigned`)
  return lines.join('\n')
}

/** What `kv query`, `join`, `leave` and `move` answer with --json: the configuration as the shardmaster keeps it. */
export function configJson (config: ShardConfig): Record<string, unknown> {
  return { num: config.num, shards: config.shards, groups: config.groups }
}
