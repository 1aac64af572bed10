// The KV store's client. It caches the shardmaster's configuration and
// refreshes it when a group says a shard is not its own; it keeps one
// pipelined channel per peer and remembers each group's leader; it retries
// through failovers and moves until a deadline. Writes carry this client's id
// and a sequence number, so a retried write applies once wherever its shard
// has gone.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { KvRequest, KvResponse, Pair } from '../../protocols/kv/kv.js'
import { SHARD_COUNT, shardOf } from '../../protocols/kv/shard.js'
import { keyProblem, valueProblem, type ShardConfig } from '../../protocols/kv/wire.js'
import { CodedError, USER_CODES } from '../peer/errors.js'
import { describeError } from '../peer/log.js'
import { SwarmUnavailableError } from './errors.js'
import { openKvChannel, type KvRequester } from './kv-channel.js'
import { ShardmasterClient } from './shardmaster.js'
import type { Swarm } from './swarm.js'

const DEADLINE_MS = 30_000
const ATTEMPT_TIMEOUT_MS = 10_000
const MAX_BACKOFF_MS = 200
const SCAN_PAGE = 500

export interface KvOptions { signal?: AbortSignal }

type Operation = Omit<KvRequest, 'id' | 'group' | 'config' | 'client' | 'seq' | 'acked'>

export class KvClient {
  readonly shardmaster: ShardmasterClient
  private readonly clientId = randomBytes(12).toString('hex')
  private config?: ShardConfig
  private refreshing?: Promise<ShardConfig>
  private readonly channels = new Map<string, Promise<KvRequester>>()
  private readonly leaders = new Map<string, string>()
  private nextSeq = 1
  /** Writes sent and not yet answered: everything below the least of them may be forgotten by the groups. */
  private readonly unanswered = new Set<number>()

  constructor (private readonly swarm: Swarm) {
    this.shardmaster = new ShardmasterClient(swarm)
  }

  async get (key: string, options: KvOptions = {}): Promise<Uint8Array | undefined> {
    checkKey(key)
    const response = await this.send(shardOf(key), { get: { key } }, false, options.signal)
    return response.value
  }

  async put (key: string, value: Uint8Array, options: KvOptions = {}): Promise<void> {
    checkKey(key, value)
    await this.send(shardOf(key), { put: { key, value: wire(value) } }, true, options.signal)
  }

  async append (key: string, value: Uint8Array, options: KvOptions = {}): Promise<void> {
    checkKey(key, value)
    await this.send(shardOf(key), { append: { key, value: wire(value) } }, true, options.signal)
  }

  /** Whether the key existed. */
  async del (key: string, options: KvOptions = {}): Promise<boolean> {
    checkKey(key)
    return (await this.send(shardOf(key), { del: { key } }, true, options.signal)).ok
  }

  /** Sets `key` to `value` if its value is `old` (undefined: if it does not exist); whether it did. */
  async cas (key: string, old: Uint8Array | undefined, value: Uint8Array, options: KvOptions = {}): Promise<boolean> {
    checkKey(key, value)
    return (await this.send(shardOf(key), { cas: { key, old: old === undefined ? undefined : wire(old), value: wire(value) } }, true, options.signal)).ok
  }

  async multiget (keys: string[], options: KvOptions = {}): Promise<Map<string, Uint8Array | undefined>> {
    const values = await Promise.all(keys.map(async key => [key, await this.get(key, options)] as const))
    return new Map(values)
  }

  async multiput (pairs: Array<{ key: string, value: Uint8Array }>, options: KvOptions = {}): Promise<void> {
    await Promise.all(pairs.map(async ({ key, value }) => { await this.put(key, value, options) }))
  }

  /** Every pair whose key starts with `prefix`, shard by shard, each shard's in key order, a page at a time. */
  async * scan (prefix: string, options: KvOptions = {}): AsyncGenerator<Pair> {
    for (let shard = 0; shard < SHARD_COUNT; shard++) yield * this.scanShard(shard, prefix, options)
  }

  /** Every pair of shard `shard` whose key starts with `prefix`, in key order, a page at a time. */
  async * scanShard (shard: number, prefix: string, options: KvOptions = {}): AsyncGenerator<Pair> {
    let after = ''
    while (true) {
      const page = await this.send(shard, { scan: { shard, prefix, after, limit: SCAN_PAGE } }, false, options.signal)
      yield * page.pairs
      if (!page.more || page.pairs.length === 0) break
      after = page.pairs[page.pairs.length - 1].key
    }
  }

  /** Erases every key under `prefix` in every shard; how many there were. */
  async purge (prefix: string, options: KvOptions = {}): Promise<number> {
    const counts = await Promise.all(Array.from({ length: SHARD_COUNT }, async (_, shard) =>
      (await this.send(shard, { purge: { shard, prefix } }, true, options.signal)).count))
    return counts.reduce((sum, count) => sum + Number(count), 0)
  }

  close (): void {
    for (const channel of this.channels.values()) void channel.then(c => { c.close() }, () => {})
    this.channels.clear()
  }

  // ---- sending ----

  private async send (shard: number, operation: Operation, write: boolean, signal?: AbortSignal): Promise<KvResponse> {
    const session = write ? this.startWrite() : undefined
    try {
      return await this.sendUntilAnswered(shard, { ...operation, client: session === undefined ? '' : this.clientId, seq: BigInt(session ?? 0), acked: 0n }, signal)
    } finally {
      if (session !== undefined) this.unanswered.delete(session)
    }
  }

  private startWrite (): number {
    const seq = this.nextSeq++
    this.unanswered.add(seq)
    return seq
  }

  private acked (): bigint {
    let least = this.nextSeq
    for (const seq of this.unanswered) least = Math.min(least, seq)
    return BigInt(least)
  }

  private async sendUntilAnswered (shard: number, request: Omit<KvRequest, 'id' | 'group' | 'config' | 'acked'> & { acked: bigint }, signal?: AbortSignal): Promise<KvResponse> {
    const deadline = Date.now() + DEADLINE_MS
    let problem = 'no attempt made'
    let refresh = false
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      signal?.throwIfAborted()
      if (attempt > 0) await sleep(Math.min(10 * attempt, MAX_BACKOFF_MS), undefined, { signal })
      let config: ShardConfig
      try {
        config = await this.currentConfig(refresh, signal)
      } catch (err) {
        signal?.throwIfAborted()
        problem = `no configuration: ${describeError(err)}`
        continue
      }
      refresh = false
      const gid = config.shards[shard] ?? ''
      const peers = config.groups[gid] ?? []
      if (gid === '' || peers.length === 0) {
        problem = `shard ${shard} has no replica group yet (configuration ${config.num})`
        refresh = true
        continue
      }
      const peer = this.leaders.get(gid) ?? peers[attempt % peers.length]
      let response: KvResponse
      try {
        const channel = await this.channelTo(peer, signal)
        response = await channel.request({ ...request, group: gid, config: config.num, acked: request.client === '' ? 0n : this.acked() }, ATTEMPT_TIMEOUT_MS, signal)
      } catch (err) {
        signal?.throwIfAborted()
        problem = `${peer} did not answer: ${describeError(err)}`
        this.forgetPeer(gid, peer)
        // The group may have moved on (new members, or the shard elsewhere).
        refresh = true
        continue
      }
      if (response.error === '') {
        this.leaders.set(gid, peer)
        return response
      }
      problem = `${response.error}: ${response.message}`
      if (response.error === 'NOT_LEADER') {
        if (response.leader !== '' && response.leader !== peer && peers.includes(response.leader)) {
          this.leaders.set(gid, response.leader)
        } else {
          this.leaders.set(gid, peers[(peers.indexOf(peer) + 1) % peers.length])
          // A leader this configuration does not name: the group's members changed since.
          if (response.leader !== '' && !peers.includes(response.leader)) refresh = true
        }
      } else if (response.error === 'WRONG_GROUP' || response.error === 'NOT_READY') {
        refresh = true
        // The peer may hold no replica of the group (it left it): ask the group's peers afresh.
        if (response.error === 'WRONG_GROUP') this.leaders.delete(gid)
      } else if (USER_CODES.has(response.error)) {
        throw new CodedError(response.error, response.message)
      }
    }
    throw new SwarmUnavailableError(`the KV store could not serve shard ${shard}: ${problem}`)
  }

  /**
   * The cached configuration, or a fresh one (callers that want one while a
   * refresh is under way share it); a refresh that fails keeps the cached one
   * (the shardmaster may be electing).
   */
  private async currentConfig (refresh: boolean, signal?: AbortSignal): Promise<ShardConfig> {
    if (!refresh && this.config !== undefined) return this.config
    this.refreshing ??= this.shardmaster.query(-1, { signal }).finally(() => { this.refreshing = undefined })
    try {
      this.config = await this.refreshing
    } catch (err) {
      signal?.throwIfAborted()
      if (this.config === undefined) throw err
    }
    return this.config
  }

  private async channelTo (peer: string, signal?: AbortSignal): Promise<KvRequester> {
    const existing = this.channels.get(peer)
    if (existing !== undefined) {
      const channel = await existing.catch(() => undefined)
      if (channel?.open === true) return channel
      this.channels.delete(peer)
    }
    const opening = (async () => {
      if (peer === this.swarm.node.peerId.toString()) return await openKvChannel(this.swarm.node, { id: peer, addrs: [] }, signal)
      const target = this.swarm.knownPeer(peer) ?? await this.lookUp(peer)
      return await openKvChannel(this.swarm.node, target, signal)
    })()
    this.channels.set(peer, opening)
    opening.catch(() => { if (this.channels.get(peer) === opening) this.channels.delete(peer) })
    return await opening
  }

  private async lookUp (peer: string): Promise<{ id: string, addrs: string[] }> {
    await this.swarm.views()
    const known = this.swarm.knownPeer(peer)
    if (known === undefined) throw new Error(`no address known for peer ${peer}`)
    return known
  }

  private forgetPeer (gid: string, peer: string): void {
    if (this.leaders.get(gid) === peer) this.leaders.delete(gid)
    void this.channels.get(peer)?.then(c => { c.close() }, () => {})
    this.channels.delete(peer)
  }
}

/** Bytes as the generated codecs type them (they only read them). */
const wire = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>

function checkKey (key: string, value?: Uint8Array): void {
  const problem = keyProblem(key) ?? (value === undefined ? undefined : valueProblem(value))
  if (problem !== undefined) throw new CodedError(problem.code, problem.message)
}
