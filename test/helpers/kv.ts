// Helpers for the KV store's fault tests on real peers: finding a replica
// group's leader (no status names it: each peer is asked directly), asking one
// peer's replica for a shard, recording a history for the linearizability
// checker, and reading a stopped peer's LMDB to see what it really keeps.
import { open, type Database, type Key, type RootDatabase } from 'lmdb'
import { join } from 'node:path'
import type { KvRequest, KvResponse } from '../../protocols/kv/kv.js'
import { SHARD_COUNT, shardOf } from '../../protocols/kv/shard.js'
import type { ShardConfig } from '../../protocols/kv/wire.js'
import { KvClient } from '../../src/client/kv.js'
import { openKvChannel } from '../../src/client/kv-channel.js'
import { Swarm } from '../../src/client/swarm.js'
import { applyConfChange, decodeConfChange } from '../../src/peer/consensus/conf-change.js'
import { EntryType, type ConfState } from '../../src/peer/consensus/types.js'
import { TestSwarm } from './local-swarm.js'
import type { KvInput, KvOutput, Operation } from './linearizability.js'
import { waitFor } from './wait.js'

const PROBE_TIMEOUT_MS = 2_000

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
export const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : Buffer.from(b).toString()

/** One raw request to `peer`'s replica of `gid`, on a channel of its own (closed after). */
export async function askReplica (swarm: Swarm, peer: string, gid: string, op: Partial<KvRequest>, timeoutMs = PROBE_TIMEOUT_MS): Promise<KvResponse> {
  if (swarm.knownPeer(peer) === undefined) await swarm.views()
  const target = swarm.knownPeer(peer)
  if (target === undefined) throw new Error(`no address known for ${peer}`)
  const channel = await openKvChannel(swarm.node, target, AbortSignal.timeout(timeoutMs))
  try {
    return await channel.request({ group: gid, config: 0, client: '', seq: 0n, acked: 0n, ...op }, timeoutMs)
  } finally {
    channel.close()
  }
}

/**
 * The peer that leads replica group `gid` now: the one of `peers` whose
 * replica gets through a read's ReadIndex round (only a leader with a quorum
 * completes one): it answers the value, or WRONG_GROUP or NOT_READY for a
 * shard that is not the group's, never NOT_LEADER or UNAVAILABLE. Undefined
 * while none does.
 */
export async function leaderNow (swarm: Swarm, peers: readonly string[], gid: string): Promise<string | undefined> {
  const answers = await Promise.all(peers.map(async peer => {
    try {
      const response = await askReplica(swarm, peer, gid, { get: { key: 'leader-probe' } })
      return ['', 'WRONG_GROUP', 'NOT_READY'].includes(response.error) ? peer : undefined
    } catch {
      return undefined
    }
  }))
  const leaders = answers.filter(a => a !== undefined)
  return leaders.length === 1 ? leaders[0] : undefined
}

export async function waitForLeader (swarm: Swarm, peers: readonly string[], gid: string, timeoutMs = 20_000): Promise<string> {
  return await waitFor(`a leader of group ${gid}`, async () => await leaderNow(swarm, peers, gid), { timeoutMs, intervalMs: 100 })
}

/** Every shard of `gid` as `peer`'s replica answers a scan of it: the keys, or the error. */
export async function shardsOnReplica (swarm: Swarm, peer: string, gid: string): Promise<Array<{ shard: number, error: string, keys: string[] }>> {
  const result: Array<{ shard: number, error: string, keys: string[] }> = []
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    const response = await askReplica(swarm, peer, gid, { scan: { shard, prefix: '', after: '', limit: 1000 } }, 5_000)
    result.push({ shard, error: response.error, keys: response.pairs.map(p => p.key) })
  }
  return result
}

/** The gids a configuration gives shards to, with how many each. */
export function shardCounts (config: ShardConfig): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const gid of config.shards) counts[gid] = (counts[gid] ?? 0) + 1
  return counts
}

// ---- histories ----

export type KvOp = Operation<KvInput, KvOutput>

/** Records operations with their call and return times; a failed write's outcome is unknown, a failed read is dropped. */
export class HistoryRecorder {
  readonly history: KvOp[] = []
  readonly failures: string[] = []
  reads = 0
  writes = 0
  unknown = 0

  async record (clientId: number, input: KvInput, run: () => Promise<KvOutput>): Promise<KvOutput | undefined> {
    const call = performance.now()
    try {
      const output = await run()
      this.history.push({ clientId, input, call, output, return: performance.now() })
      if (input.op === 'get') this.reads++
      else this.writes++
      return output
    } catch (err) {
      this.failures.push(`${input.op} ${input.key}: ${(err as Error).message.split('\n')[0]}`)
      if (input.op !== 'get') {
        this.unknown++
        this.history.push({ clientId, input, call, output: { unknown: true }, return: Infinity })
      }
      return undefined
    }
  }

  /** Completed operations (any kind) that returned after `time`. */
  completedAfter (time: number): number {
    return this.history.filter(op => op.return !== Infinity && op.return > time).length
  }
}

// ---- a stopped peer's disk ----

export interface DiskKv {
  /** gid -> shard -> keys, across every generation of the group's state. */
  pairs: Map<string, Map<number, string[]>>
  /** gid -> key -> value (of the highest generation holding it). */
  values: Map<string, Map<string, string>>
  /** How many entries of each Raft log hold `needle`'s bytes, by group. */
  logHits: Map<string, number>
}

/** A sub-database of a read-only environment, undefined if the peer never made it. */
function openIfThere<V, K extends Key> (env: RootDatabase, name: string, encoding?: 'binary'): Database<V, K> | undefined {
  try {
    return env.openDB<V, K>({ name, ...(encoding === undefined ? {} : { encoding }) }) ?? undefined
  } catch {
    return undefined
  }
}

/**
 * What a stopped peer's LMDB holds of the KV store: every pair in the
 * `kv/shard/NN` sub-databases (keys are [gid, generation, key]), and which
 * Raft log entries still carry `needle`.
 */
export async function readDisk (peerHome: string, needle?: string): Promise<DiskKv> {
  const env = open({ path: join(peerHome, 'db'), maxDbs: 256, compression: false, readOnly: true })
  try {
    const pairs = new Map<string, Map<number, string[]>>()
    const values = new Map<string, Map<string, string>>()
    for (let shard = 0; shard < SHARD_COUNT; shard++) {
      const db = openIfThere<Uint8Array, [string, number, string]>(env, `kv/shard/${String(shard).padStart(2, '0')}`, 'binary')
      if (db === undefined) continue
      for (const { key, value } of db.getRange()) {
        const [gid, , name] = key
        let byShard = pairs.get(gid)
        if (byShard === undefined) pairs.set(gid, byShard = new Map())
        byShard.set(shard, [...(byShard.get(shard) ?? []), name])
        let byKey = values.get(gid)
        if (byKey === undefined) values.set(gid, byKey = new Map())
        byKey.set(name, Buffer.from(value).toString())
      }
    }
    const logHits = new Map<string, number>()
    if (needle !== undefined) {
      const wanted = Buffer.from(needle)
      const log = openIfThere<Uint8Array, [string, number]>(env, 'raft/log', 'binary')
      for (const { key, value } of log?.getRange() ?? []) {
        if (!(value instanceof Uint8Array) || Buffer.from(value).indexOf(wanted) < 0) continue
        const group = Array.isArray(key) ? String(key[0]) : String(key)
        logHits.set(group, (logHits.get(group) ?? 0) + 1)
      }
    }
    return { pairs, values, logHits }
  } finally {
    await env.close()
  }
}

// ---- a swarm for KV tests ----

/**
 * A local swarm of `peers` real peers once the shardmaster has formed one
 * group of 3 serving every shard (the other peers, if any, spare KV peers in
 * no group), with a client connection.
 */
export class KvSwarm {
  control!: Swarm
  kv!: KvClient
  /** The group of 3 formed at the start. */
  main = ''
  mainPeers: string[] = []
  /** The peers in no group at the start. */
  spares: string[] = []

  private constructor (readonly swarm: TestSwarm) {}

  static async up (peers: number): Promise<KvSwarm> {
    const swarm = await TestSwarm.up(peers)
    const k = new KvSwarm(swarm)
    try {
      await k.connect()
      const config = await waitFor(`one group of 3 serving every shard, ${peers} live KV peers`, async () => {
        const config = await k.kv.shardmaster.query()
        const gids = Object.keys(config.groups)
        if (gids.length !== 1 || config.groups[gids[0]].length !== 3 || !config.shards.every(g => g === gids[0])) return undefined
        const status = await k.control.status()
        return status.peers.filter(p => p.roles.includes('kv') && p.state === 'alive').length === peers ? config : undefined
      }, { timeoutMs: 40_000 })
      k.main = Object.keys(config.groups)[0]
      k.mainPeers = [...config.groups[k.main]]
      k.spares = swarm.file.peers.map(p => p.id).filter(id => !k.mainPeers.includes(id))
      return k
    } catch (err) {
      console.error('setting up the swarm failed:', err, await swarm.peerLogs(30))
      await k[Symbol.asyncDispose]()
      throw err
    }
  }

  async connect (): Promise<void> {
    this.control = await Swarm.connect({ home: this.swarm.home })
    this.kv = new KvClient(this.control)
  }

  async disconnect (): Promise<void> {
    this.kv?.close()
    await this.control?.close().catch(() => {})
  }

  /** Forms a group of the first spare (`kv join`); it must take half the shards. Its gid and the configuration. */
  async joinSpare (): Promise<{ gid: string, config: ShardConfig }> {
    const before = await this.kv.shardmaster.query()
    const config = await this.kv.shardmaster.join([this.spares[0]])
    const gid = Object.keys(config.groups).find(g => before.groups[g] === undefined)
    if (gid === undefined) throw new Error(`the join made no group: ${JSON.stringify(config.groups)}`)
    const taken = shardCounts(config)[gid]
    if (taken !== SHARD_COUNT / 2) throw new Error(`the new group ${gid} took ${taken} shards, not half of ${SHARD_COUNT}`)
    return { gid, config }
  }

  index (peer: string): number {
    return this.swarm.peerIndex(peer)
  }

  /** Every peer's disk, read while it runs (LMDB readers in another process are safe). */
  async disks (needle?: string): Promise<Array<{ index: number, disk: DiskKv }>> {
    return await Promise.all(this.swarm.file.peers.map(async (p, index) => ({ index, disk: await readDisk(p.home, needle) })))
  }

  async [Symbol.asyncDispose] (): Promise<void> {
    await this.disconnect()
    await this.swarm[Symbol.asyncDispose]()
  }
}

// ---- loads ----

/** One key per shard, named `prefix` and a number. */
export function keyPerShard (prefix: string): string[] {
  const keys = new Map<number, string>()
  for (let i = 0; keys.size < SHARD_COUNT; i++) {
    const key = `${prefix}${i}`
    if (!keys.has(shardOf(key))) keys.set(shardOf(key), key)
  }
  return [...keys.values()]
}

export interface Writers {
  /** key -> values whose write was acknowledged, in order. */
  acked: Map<string, string[]>
  /** key -> values whose write threw: applied or not. */
  unknown: Map<string, string[]>
  errors: string[]
  completed: () => number
  stop: () => Promise<void>
}

/**
 * `clients` writers, each its own swarm connection and KvClient, one call at a
 * time, `next(client, n)` naming each write's key and value; a write that
 * throws (or is cut short by stop) has an unknown outcome.
 */
export async function startWriters (home: string, clients: number, op: 'put' | 'append', next: (client: number, n: number) => { key: string, value: string }, callTimeoutMs = 20_000): Promise<Writers> {
  const stopping = new AbortController()
  const acked = new Map<string, string[]>()
  const unknown = new Map<string, string[]>()
  const errors: string[] = []
  let done = 0
  const add = (map: Map<string, string[]>, key: string, value: string): void => { map.set(key, [...(map.get(key) ?? []), value]) }
  const connections = await Promise.all(Array.from({ length: clients }, async () => await Swarm.connect({ home })))
  const kvs = connections.map(c => new KvClient(c))
  const loops = kvs.map(async (client, id) => {
    for (let n = 0; !stopping.signal.aborted; n++) {
      const { key, value } = next(id, n)
      try {
        const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(callTimeoutMs)])
        if (op === 'put') await client.put(key, bytes(value), { signal })
        else await client.append(key, bytes(value), { signal })
        add(acked, key, value)
        done++
      } catch (err) {
        add(unknown, key, value)
        errors.push((err as Error).message.split('\n')[0])
      }
    }
  })
  return {
    acked,
    unknown,
    errors,
    completed: () => done,
    stop: async () => {
      stopping.abort()
      await Promise.all(loops)
      for (const client of kvs) client.close()
      await Promise.all(connections.map(async c => { await c.close().catch(() => {}) }))
    }
  }
}

/** Waits until `count` more writes were acknowledged: the store serves them again. */
export async function writesGoOn (writers: Writers, what: string, count = 20, timeoutMs = 30_000): Promise<void> {
  const from = writers.completed()
  await waitFor(`${count} more writes to be acknowledged ${what}`, () => writers.completed() >= from + count, { timeoutMs, intervalMs: 50 })
}

export function describeWriters (writers: Writers, what: string): string {
  const unknown = [...writers.unknown.values()].flat().length
  const kinds = [...new Set(writers.errors.map(e => e.replace(/12D3\w+|\d+/g, 'N')))].slice(0, 4)
  return `${what}: ${writers.completed()} acknowledged, ${unknown} of unknown outcome${kinds.length > 0 ? ` (${kinds.join(' | ')})` : ''}`
}

/** Every pair under `prefix` by a full scan, within `timeoutMs` in all; throws on a key scanned twice. */
export async function scanAll (kv: KvClient, prefix: string, timeoutMs = 60_000): Promise<Map<string, string>> {
  const pairs = new Map<string, string>()
  for await (const pair of kv.scan(prefix, { signal: AbortSignal.timeout(timeoutMs) })) {
    if (pairs.has(pair.key)) throw new Error(`${pair.key} scanned twice`)
    pairs.set(pair.key, text(pair.value)!)
  }
  return pairs
}

/** Disk locations (`peer i gid shard`) of every key starting with `prefix`, by key. */
export function onDisk (disks: Array<{ index: number, disk: DiskKv }>, prefix: string): Map<string, string[]> {
  const where = new Map<string, string[]>()
  for (const { index, disk } of disks) {
    for (const [gid, shards] of disk.pairs) {
      for (const [shard, names] of shards) {
        for (const name of names) if (name.startsWith(prefix)) where.set(name, [...(where.get(name) ?? []), `peer ${index} ${gid} shard ${shard}`])
      }
    }
  }
  return where
}

/** `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, U> (items: readonly T[], limit: number, fn: (item: T) => Promise<U>): Promise<U[]> {
  const results = new Array<U>(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }))
  return results
}

/**
 * The Raft membership of `group` as a peer's disk has it (running or not):
 * its snapshot's, then every membership change in its log after it, applied
 * or only appended (a peer uses a change once it is in its log).
 */
export async function raftConfOnDisk (peerHome: string, group: string): Promise<ConfState> {
  const env = open({ path: join(peerHome, 'db'), maxDbs: 256, compression: false, readOnly: true })
  try {
    const meta = env.openDB<{ index: number, conf: ConfState } | undefined, [string, string]>({ name: 'raft/meta' })
    const log = env.openDB<{ type: EntryType, data: Uint8Array }, [string, number]>({ name: 'raft/log' })
    const snapshot = meta.get([group, 'snapshot'])
    let conf: ConfState = snapshot?.conf ?? { voters: [], learners: [] }
    for (const { value } of log.getRange({ start: [group, (snapshot?.index ?? 0) + 1], end: [group, Number.MAX_SAFE_INTEGER] })) {
      if (value.type === EntryType.ConfChange) conf = applyConfChange(conf, decodeConfChange(value.data))
    }
    return conf
  } finally {
    await env.close()
  }
}
