// The KV role: every peer that serves KV hosts a replica of each replica
// group the shardmaster's configurations put it in. It follows the
// configurations as they are made (a long poll), opens the groups it joins
// (a group's founders start it together; a peer added later waits for the
// group's leader to take it in), serves clients on one long-lived stream per
// client, serves shards to the groups that take them over, and lets each
// group's leader tend its group.
import { lpStream } from '@libp2p/utils'
import { KvRequest, KvResponse } from '../../../protocols/kv/kv.js'
import { GROUP_PREFIX, groupName, KV_PROTOCOL, KV_SHARD_PROTOCOL, MAX_KV_FRAME_BYTES, type ShardConfig } from '../../../protocols/kv/wire.js'
import type { LocalKv } from '../../client/kv-channel.js'
import { ShardmasterClient } from '../../client/shardmaster.js'
import { Swarm } from '../../client/swarm.js'
import { describeError } from '../../peer/log.js'
import type { Database } from '../../peer/store.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { decodeOrThrow, Handlers } from '../../peer/rpc.js'
import { KvGroupState } from './group-state.js'
import { emptyKvResponse, Replica } from './replica.js'
import { serveShardStream, type LocalGroups } from './shard-transfer.js'

const TEND_EVERY_MS = 100
/** Requests one client stream may have under way; past it, the stream is read no further until some finish. */
const MAX_IN_FLIGHT_PER_STREAM = 1024
const RETRY_WATCH_MS = 500

export function kvRole (context: RoleContext): RoleService {
  return new KvService(context)
}

class KvService implements RoleService {
  private readonly replicas = new Map<string, Replica>()
  private readonly handlers: Handlers
  private readonly shardmaster: ShardmasterClient
  private readonly configs = new Map<number, ShardConfig>()
  private readonly stopping = new AbortController()
  private readonly self: string
  /** The configurations walked so far, in order (each group's founders are those of the first that names it). */
  private walked = 0
  private latest = 0
  private timer?: NodeJS.Timeout
  /** Each group's first peers, and the groups this peer retired from (it rejoins those as a newcomer). */
  private readonly founders: Database<string[], string>
  /** `true` (older records) or why: `leftAt`, the configuration the group had applied when it left the store. */
  private readonly retiredGroups: Database<true | { leftAt?: number }, string>
  private readonly localGroups: LocalGroups

  constructor (private readonly context: RoleContext) {
    this.handlers = new Handlers(context.node)
    this.shardmaster = new ShardmasterClient(Swarm.onPeer(context.node))
    this.self = context.node.peerId.toString()
    this.founders = context.store.db('kv/founders')
    this.retiredGroups = context.store.db('kv/retired')
    this.localGroups = {
      replica: gid => this.replicas.get(gid)?.state,
      leftAt: gid => { const record = this.retiredGroups.get(gid); return record === true ? undefined : record?.leftAt }
    }
  }

  async start (): Promise<void> {
    for (const group of this.context.groups.storage.groups()) {
      if (group.startsWith(GROUP_PREFIX)) this.open(group.slice(GROUP_PREFIX.length))
    }
    await this.handlers.handle(KV_PROTOCOL, async (stream, _connection, signal) => { await this.serveClient(stream, signal) },
      { log: this.context.log, maxInboundStreams: 256, timeoutMs: Infinity })
    this.handlers.local(KV_PROTOCOL, { answer: async (request, signal) => await this.answer(request, signal) } satisfies LocalKv)
    await this.handlers.handle(KV_SHARD_PROTOCOL, async (stream, _connection, signal) => { await serveShardStream(this.localGroups, stream, signal) },
      { log: this.context.log, maxInboundStreams: 64, timeoutMs: 120_000 })
    this.timer = setInterval(() => { this.tendAll() }, TEND_EVERY_MS)
    void this.watch()
  }

  async stop (): Promise<void> {
    this.stopping.abort()
    clearInterval(this.timer)
    await this.handlers.stop()
    for (const [gid, replica] of this.replicas) {
      replica.stop()
      await this.context.groups.close(groupName(gid))
    }
    this.replicas.clear()
  }

  private tendAll (): void {
    for (const [gid, replica] of this.replicas) {
      const retirement = this.retirement(gid, replica)
      if (retirement !== undefined) void this.retire(gid, replica, retirement)
      else replica.tend()
    }
  }

  /**
   * Why this peer's replica of `gid` has nothing left to do, if it has not:
   * the group left the store and has given every shard away (`leftAt` its
   * newest configuration), or the group took this peer out (its membership
   * no longer holds it).
   */
  private retirement (gid: string, replica: Replica): { leftAt?: number } | undefined {
    const latest = this.configs.get(this.walked)
    if (latest === undefined) return undefined
    const { config, shards } = replica.state.status()
    const members = latest.groups[gid]
    // Left: the group has applied the newest configuration (which does not name it) and kept no shard. A group that
    // has not caught up may still be given shards by a configuration between (one made before it left).
    if (members === undefined) return config.num === latest.num && Object.keys(shards).length === 0 ? { leftAt: config.num } : undefined
    if (members.includes(this.self)) return undefined
    const { removed, conf } = replica.group.status()
    return removed || (conf.voters.length > 0 && !conf.voters.includes(this.self) && !conf.learners.includes(this.self)) ? {} : undefined
  }

  private async retire (gid: string, replica: Replica, why: { leftAt?: number }): Promise<void> {
    this.replicas.delete(gid)
    replica.stop()
    // No tombstone: a configuration may name this peer in the group again, and it then rejoins as a newcomer.
    await this.context.groups.close(groupName(gid), { destroy: true, tombstone: false })
    await replica.state.erase()
    this.retiredGroups.putSync(gid, why)
    this.context.log(`replica of group ${gid} retired and erased`)
  }

  // ---- configurations ----

  private async watch (): Promise<void> {
    const signal = this.stopping.signal
    while (!signal.aborted) {
      try {
        const newest = await this.shardmaster.query(-1, { newerThan: this.latest, signal })
        this.latest = Math.max(this.latest, newest.num)
        this.configs.set(newest.num, newest)
        while (this.walked < this.latest) this.walk(await this.config(this.walked + 1, signal))
      } catch (err) {
        if (signal.aborted) return
        this.context.log(`following the shardmaster: ${describeError(err)}`)
        await new Promise(resolve => setTimeout(resolve, RETRY_WATCH_MS))
      }
    }
  }

  private async config (num: number, signal: AbortSignal): Promise<ShardConfig> {
    const known = this.configs.get(num)
    if (known !== undefined) return known
    const config = await this.shardmaster.query(num, { signal })
    if (config.num === num) this.configs.set(num, config)
    return config
  }

  /** Records each group's founders (those it first had) as configurations are walked, and opens the groups the newest names this peer in. */
  private walk (config: ShardConfig): void {
    for (const [gid, peers] of Object.entries(config.groups)) {
      if (this.founders.get(gid) === undefined) this.founders.putSync(gid, [...peers])
    }
    this.walked = config.num
    if (config.num < this.latest) return
    for (const [gid, peers] of Object.entries(config.groups)) {
      if (!peers.includes(this.self) || this.replicas.has(gid)) continue
      // A founder starts the group with the others; a peer that was in it before and retired joins it as a newcomer.
      const first = this.founders.get(gid) ?? []
      const founding = first.includes(this.self) && this.retiredGroups.get(gid) === undefined
      this.open(gid, founding ? first : undefined)
    }
  }

  private open (gid: string, founders?: readonly string[]): void {
    if (this.replicas.has(gid)) return
    try {
      const state = new KvGroupState(this.context.store, gid)
      const group = this.context.groups.open({
        group: groupName(gid),
        stateMachine: state,
        log: this.context.log.child(gid),
        bootstrapConf: founders === undefined ? undefined : { voters: [...founders], learners: [] }
      })
      this.replicas.set(gid, new Replica(gid, group, state, {
        node: this.context.node,
        view: this.context.view,
        log: this.context.log.child(gid),
        groups: this.localGroups,
        config: async (num, signal) => await this.config(num, signal),
        latest: () => this.configs.get(this.walked)
      }))
      this.context.log(`replica of group ${gid} open${founders === undefined ? '' : ` (founders ${founders.join(', ')})`}`)
    } catch (err) {
      this.context.log.error(`group ${gid} could not be opened`, err)
    }
  }

  // ---- clients ----

  /** Answers a client's requests as each completes, many under way at once, responses written in batches. */
  private async serveClient (stream: Parameters<typeof lpStream>[0], signal: AbortSignal): Promise<void> {
    const lp = lpStream(stream, { maxDataLength: MAX_KV_FRAME_BYTES })
    const ready: Uint8Array[] = []
    let writing: Promise<void> | undefined
    let inFlight = 0
    let wake: (() => void) | undefined
    const flush = async (): Promise<void> => {
      // The answers made in this turn of the event loop go in one write.
      await new Promise(setImmediate)
      while (ready.length > 0) await lp.writeV(ready.splice(0), { signal })
      writing = undefined
    }
    const send = (response: KvResponse): void => {
      ready.push(KvResponse.encode(response))
      writing ??= flush().catch(err => { stream.abort(err) })
    }
    while (!signal.aborted) {
      let request: KvRequest
      try {
        request = decodeOrThrow(KvRequest, await lp.read({ signal }), 'KV request')
      } catch (err) {
        if ((err as Error).name === 'UnexpectedEOFError') break
        throw err
      }
      inFlight++
      void this.answer(request, signal).then(send).finally(() => {
        inFlight--
        wake?.()
      })
      if (inFlight >= MAX_IN_FLIGHT_PER_STREAM) await new Promise<void>(resolve => { wake = resolve })
    }
    while (inFlight > 0) await new Promise<void>(resolve => { wake = resolve })
    await writing
    await stream.close({ signal })
  }

  private async answer (request: KvRequest, signal: AbortSignal): Promise<KvResponse> {
    this.context.counters.kvOps++
    const replica = this.replicas.get(request.group)
    // The group left, or took this peer out, or this peer has not opened it yet: the client's configuration is not the newest.
    if (replica === undefined) return { ...emptyKvResponse(request.id), error: 'WRONG_GROUP', message: `no replica of group ${request.group} on this peer` }
    return await replica.answer(request, signal)
  }
}
