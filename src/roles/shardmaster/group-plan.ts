// What the shardmaster changes next about the replica groups, by itself: a
// dead member gives way to a spare live peer, a group smaller than the
// target size takes spares in, and spares enough for a group form one (the
// first group forms from whoever is there). One change at a time, each
// decided from the latest configuration.
import type { ShardConfig } from '../../../protocols/kv/wire.js'
import type { ShardmasterCommand } from './state.js'

export function planGroups (config: ShardConfig, live: readonly string[], dead: readonly string[], size: number): ShardmasterCommand | undefined {
  const assigned = new Set(Object.values(config.groups).flat())
  const spares = live.filter(peer => !assigned.has(peer)).sort()
  const gids = Object.keys(config.groups).sort()
  for (const gid of gids) {
    const members = config.groups[gid]
    const staying = members.filter(peer => !dead.includes(peer))
    if (staying.length < members.length && spares.length > 0) {
      return { op: 'replace', gid, peers: [...staying, ...spares.slice(0, size - staying.length)] }
    }
  }
  for (const gid of gids) {
    const members = config.groups[gid]
    if (members.length < size && spares.length > 0) return { op: 'replace', gid, peers: [...members, ...spares.slice(0, size - members.length)] }
  }
  if (spares.length >= size || (gids.length === 0 && spares.length > 0)) return { op: 'form', peers: spares.slice(0, size) }
  return undefined
}
