// The shardmaster's configurations (DESIGN §6) as pure functions. Each change
// derives configuration num + 1 from the one it is given and leaves that one
// untouched, or throws a ShardConfigError and derives nothing. Commands come
// decoded from the log, so every field is checked at run time. Every replica
// must compute the same configuration: groups are visited in sorted gid order
// (never in the order a map was built, which a restored replica does not
// share), and a derived configuration lists its groups sorted.
import { SHARD_COUNT } from '../../../protocols/kv/shard.js'
import type { ShardConfig } from '../../../protocols/kv/wire.js'
import { CodedError } from '../../peer/errors.js'

/** Configurations are numbered and immutable: read them, derive new ones. */
export type { ShardConfig }

export const UNASSIGNED = ''

export type ShardConfigErrorCode = 'GROUP_EXISTS' | 'NO_SUCH_GROUP' | 'BAD_SHARD' | 'BAD_REQUEST'

/** A refusal of the shardmaster: a coded error with one of its own codes. */
export class ShardConfigError extends CodedError {
  override name = 'ShardConfigError'
  declare readonly code: ShardConfigErrorCode
  constructor (code: ShardConfigErrorCode, message: string) {
    super(code, message)
  }
}

type GroupEntry = [gid: string, peers: readonly string[]]

/** Configuration 0: no groups, every shard unassigned. */
export function firstConfig (shardCount = SHARD_COUNT): ShardConfig {
  return { num: 0, shards: new Array<string>(shardCount).fill(UNASSIGNED), groups: {} }
}

/** Adds groups (gid -> peer ids) and rebalances. */
export function join (config: ShardConfig, groups: Record<string, readonly string[]>): ShardConfig {
  const joining = checkedGroups(groups)
  const taken = joining.find(([gid]) => Object.hasOwn(config.groups, gid))
  if (taken !== undefined) throw new ShardConfigError('GROUP_EXISTS', `group ${taken[0]} exists`)
  return rebalanced(config, [...Object.entries(config.groups), ...joining])
}

/** Removes groups and rebalances their shards over the rest; the last groups holding shards may not leave. */
export function leave (config: ShardConfig, gids: readonly string[]): ShardConfig {
  const leaving = new Set(checkedGids(gids, config))
  const staying = Object.entries(config.groups).filter(([gid]) => !leaving.has(gid))
  if (staying.length === 0 && config.shards.some(gid => gid !== UNASSIGNED)) {
    throw bad('the last groups cannot leave: their shards would have no group to go to, and a group formed later would start them empty')
  }
  return rebalanced(config, staying)
}

/** Gives one shard to a group, without rebalancing: a later join or leave rebalances from here. */
export function move (config: ShardConfig, shard: number, gid: string): ShardConfig {
  if (!Number.isSafeInteger(shard) || shard < 0 || shard >= config.shards.length) {
    throw new ShardConfigError('BAD_SHARD', `shard must be a whole number from 0 to ${config.shards.length - 1}, not ${JSON.stringify(shard)}`)
  }
  checkExists(config, gid)
  const shards = [...config.shards]
  shards[shard] = gid
  return derived(config, shards, Object.entries(config.groups))
}

/** Changes a group's peers (a dead member replaced); every shard stays where it is. */
export function replace (config: ShardConfig, gid: string, peers: readonly string[]): ShardConfig {
  checkExists(config, gid)
  const members = checkedPeers(peers, gid)
  return derived(config, config.shards, Object.entries(config.groups).map(([g, p]) => [g, g === gid ? members : p]))
}

/** Configuration `num`; the latest for -1 or for a number not reached yet. */
export function query (configs: readonly ShardConfig[], num: number): ShardConfig {
  if (num !== -1 && !(Number.isSafeInteger(num) && num >= 0)) {
    throw new ShardConfigError('BAD_REQUEST', `a configuration number is a whole number from 0, or -1 for the latest, not ${JSON.stringify(num)}`)
  }
  return num === -1 || num >= configs.length ? configs[configs.length - 1] : configs[num]
}

/**
 * Spreads the shards evenly over `gids` (their counts differ by at most one)
 * moving as few as possible: each group keeps what it holds up to its share,
 * and the larger shares go to the groups that hold the most. Shards that are
 * unassigned or held by a group not in `gids` are placed first, then each
 * group's excess over its share (its highest shards), each to the group that
 * holds the fewest (ties: the smaller gid).
 */
export function rebalance (shards: readonly string[], gids: readonly string[]): string[] {
  if (gids.length === 0) return shards.map(() => UNASSIGNED)
  const groups = holdings(shards, gids)
  const homeless = shards.flatMap((gid, shard) => groups.has(gid) ? [] : [shard])
  const excess = [...groups.values()].flatMap(group => group.own.splice(group.share))
  const result = [...shards]
  for (const shard of [...homeless, ...excess]) {
    const group = fewestBelowShare(groups.values())
    group.own.push(shard)
    result[shard] = group.gid
  }
  return result
}

/** What a group holds (in shard order) and how many it ends with. */
interface Holding { gid: string, own: number[], share: number }

/** gid -> its holding, in sorted gid order. */
function holdings (shards: readonly string[], gids: readonly string[]): Map<string, Holding> {
  const groups = new Map([...gids].sort(byGid).map(gid => [gid, { gid, own: [] as number[], share: 0 }]))
  shards.forEach((gid, shard) => groups.get(gid)?.own.push(shard))
  const base = Math.floor(shards.length / groups.size)
  const extra = shards.length % groups.size
  // The remainder's extra shards go to the groups holding the most, so they keep the most.
  const mostFirst = [...groups.values()].sort((a, b) => b.own.length - a.own.length || byGid(a.gid, b.gid))
  mostFirst.forEach((group, rank) => { group.share = rank < extra ? base + 1 : base })
  return groups
}

function fewestBelowShare (groups: Iterable<Holding>): Holding {
  let fewest: Holding | undefined
  for (const group of groups) {
    if (group.own.length < group.share && (fewest === undefined || group.own.length < fewest.own.length)) fewest = group
  }
  if (fewest === undefined) throw new Error('rebalance has more shards to place than the shares add up to')
  return fewest
}

function rebalanced (config: ShardConfig, groups: GroupEntry[]): ShardConfig {
  return derived(config, rebalance(config.shards, groups.map(([gid]) => gid)), groups)
}

function derived (config: ShardConfig, shards: readonly string[], groups: GroupEntry[]): ShardConfig {
  // fromEntries defines keys as data, so no gid (not even "__proto__") reaches a setter.
  return { num: config.num + 1, shards, groups: Object.fromEntries(groups.sort(([a], [b]) => byGid(a, b))) }
}

function byGid (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function checkedGroups (groups: unknown): GroupEntry[] {
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) throw bad('groups must be an object of gid -> peer ids')
  const entries = Object.entries(groups)
  if (entries.length === 0) throw bad('no groups to join')
  return entries.map(([gid, peers]) => {
    if (gid === UNASSIGNED) throw bad('a gid is not empty: the empty gid means unassigned')
    return [gid, checkedPeers(peers, gid)]
  })
}

function checkedPeers (peers: unknown, gid: string): string[] {
  if (!Array.isArray(peers) || peers.length === 0) throw bad(`group ${gid} needs a list of at least one peer id`)
  if (!peers.every(peer => typeof peer === 'string' && peer !== '')) throw bad(`group ${gid}: a peer id is a non-empty string`)
  const twice = firstRepeat(peers)
  if (twice !== -1) throw bad(`group ${gid} lists peer ${peers[twice] as string} twice`)
  return [...peers] as string[]
}

function checkedGids (gids: unknown, config: ShardConfig): string[] {
  if (!Array.isArray(gids) || gids.length === 0) throw bad('gids must be a list of at least one gid')
  const twice = firstRepeat(gids)
  if (twice !== -1) throw bad(`gid ${JSON.stringify(gids[twice])} is listed twice`)
  for (const gid of gids) checkExists(config, gid)
  return gids as string[]
}

function checkExists (config: ShardConfig, gid: unknown): void {
  if (typeof gid !== 'string' || !Object.hasOwn(config.groups, gid)) throw new ShardConfigError('NO_SUCH_GROUP', `no group ${JSON.stringify(gid)}`)
}

/** The index of the first item that repeats an earlier one, or -1. */
function firstRepeat (list: readonly unknown[]): number {
  return list.findIndex((item, i) => list.indexOf(item) !== i)
}

function bad (message: string): ShardConfigError {
  return new ShardConfigError('BAD_REQUEST', message)
}
