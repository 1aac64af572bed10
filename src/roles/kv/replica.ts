// One KV replica group as this peer hosts it: its Raft group and its state.
// Every replica answers clients (a follower says who leads); the leader also
// tends the group: moves it to the next configuration, pulls the shards it
// gained, deletes those its new owner has, and brings the group's Raft
// membership to the peers the configuration names.
import { KvCommand, type KvRequest, type KvResponse } from '../../../protocols/kv/kv.js'
import { shardOf, SHARD_COUNT } from '../../../protocols/kv/shard.js'
import { keyProblem, MAX_SCAN_LIMIT, MAX_SCAN_PAGE_BYTES, valueProblem, type Problem } from '../../../protocols/kv/wire.js'
import { NotLeaderError } from '../../peer/consensus/core.js'
import type { RaftGroup } from '../../peer/consensus/driver.js'
import { Role } from '../../peer/consensus/types.js'
import { nextConfChange } from '../../peer/council-plan.js'
import { describeError, type Logger } from '../../peer/log.js'
import type { ShardConfig } from '../../../protocols/kv/wire.js'
import type { KvGroupState, KvResult, ShardState } from './group-state.js'
import { askGroup, type LocalGroups } from './shard-transfer.js'
import type { MembershipView } from '../../peer/membership.js'
import type { PeerNode } from '../../peer/node.js'

export interface ReplicaContext {
  node: PeerNode
  view: MembershipView
  log: Logger
  groups: LocalGroups
  /** Configuration `num` from the shardmaster. */
  config: (num: number, signal: AbortSignal) => Promise<ShardConfig>
  /** The newest configuration this peer has walked to. */
  latest: () => ShardConfig | undefined
}

const TEND_TIMEOUT_MS = 60_000
/** A session unused this long is forgotten: a client retries a write within seconds, never an hour later. */
const SESSION_IDLE_MS = 60 * 60_000
const EXPIRE_EVERY_MS = 5 * 60_000
/** Shards pulled, or checked for dropping, at once. */
const SHARDS_AT_ONCE = 4
const MIN_DUTY_BACKOFF_MS = 100
const MAX_DUTY_BACKOFF_MS = 2_000

export class Replica {
  /** Leader duties under way, by name: each runs once at a time. */
  private readonly duties = new Set<string>()
  /** Duties that failed: when each may run again, and what it last logged (a failure that repeats is logged once). */
  private readonly failed = new Map<string, { retryAt: number, backoffMs: number, message: string }>()
  private readonly stopping = new AbortController()
  /** How far each pull under way has stored its shard (the last key), by shard and configuration. */
  private readonly pulled = new Map<string, string>()
  /** When this leader last had idle sessions forgotten (a new leader waits a round first). */
  private expiredAt = Date.now()

  constructor (readonly gid: string, readonly group: RaftGroup, readonly state: KvGroupState, private readonly context: ReplicaContext) {
    // A purge is a promise to erase: the entries that put the pairs leave the log as well (GDPR).
    state.onPurged = () => { group.compactSoon() }
  }

  stop (): void {
    this.stopping.abort()
  }

  async answer (request: KvRequest, signal: AbortSignal): Promise<KvResponse> {
    const response = emptyKvResponse(request.id)
    try {
      Object.assign(response, await this.serve(request, signal))
    } catch (err) {
      if (err instanceof NotLeaderError) Object.assign(response, { error: 'NOT_LEADER', message: err.message, leader: err.leader })
      else if (err instanceof Error && err.name === 'ProposalDroppedError') Object.assign(response, { error: 'NOT_LEADER', message: err.message, leader: this.group.status().leader })
      else Object.assign(response, { error: 'UNAVAILABLE', message: describeError(err) })
    }
    return response
  }

  private async serve (request: KvRequest, signal: AbortSignal): Promise<Partial<KvResponse>> {
    const status = this.group.status()
    if (status.role !== Role.Leader) return { error: 'NOT_LEADER', message: `not the leader of group ${this.gid}`, leader: status.leader }
    if (request.get != null) {
      const problem = keyProblem(request.get.key)
      if (problem !== undefined) return { error: problem.code, message: problem.message }
      const refusal = await this.readable(shardOf(request.get.key), signal)
      if (refusal !== undefined) return fromResult(refusal)
      return { value: this.state.get(request.get.key), ok: true }
    }
    if (request.scan != null) {
      const { shard, prefix, after, limit } = request.scan
      if (shard >= SHARD_COUNT) return { error: 'BAD_REQUEST', message: `no shard ${shard}` }
      const refusal = await this.readable(shard, signal)
      if (refusal !== undefined) return fromResult(refusal)
      return { ok: true, ...this.state.scan(shard, prefix, after, Math.min(Math.max(1, limit), MAX_SCAN_LIMIT), MAX_SCAN_PAGE_BYTES) }
    }
    const problem = writeProblem(request)
    if (problem !== undefined) return { error: problem.code, message: problem.message }
    const { client, seq, acked, put, append, del, cas, purge } = request
    const command = KvCommand.encode({ client, seq, acked, now: BigInt(Date.now()), put, append, del, cas, purge })
    const result = await this.group.propose(command, signal) as KvResult
    return fromResult(result)
  }

  /** Waits until this leader may read linearizably, then says why `shard` cannot be read here, if it cannot. */
  private async readable (shard: number, signal: AbortSignal): Promise<KvResult | undefined> {
    await this.group.read(signal)
    await this.state.flush()
    return this.state.refusal(shard)
  }

  // ---- the leader's duties ----

  /** Starts whatever the group needs that is not under way; only on the leader. */
  tend (): void {
    const group = this.group.status()
    if (group.role !== Role.Leader || this.stopping.signal.aborted) return
    const { config, shards } = this.state.status()
    if (!membersAsConfigured(group, config.groups[this.gid])) this.duty('membership', async () => { await this.reconcileMembers(config) })
    const settled = Object.values(shards).every(s => s.state === 'serving')
    if (settled && (this.context.latest()?.num ?? 0) > config.num) this.duty('config', async signal => { await this.stepConfig(config.num + 1, signal) })
    const moving = Object.entries(shards).map(([shard, state]) => ({ shard: Number(shard), state }))
    const pulling = moving.filter(m => m.state.state === 'pulling')
    const sending = moving.filter(m => m.state.state === 'sending')
    if (pulling.length > 0) this.duty('pull', async signal => { await eachShard(pulling, async ({ shard, state }) => { await this.pull(shard, state as Pulling, signal) }) })
    if (Date.now() - this.expiredAt > EXPIRE_EVERY_MS) this.duty('expire', async signal => { await this.expireSessions(signal) })
    if (sending.length > 0) this.duty('drop', async signal => { await eachShard(sending, async ({ shard, state }) => { await this.dropWhenTaken(shard, state as Sending, config, signal) }) })
  }

  private duty (name: string, run: (signal: AbortSignal) => Promise<void>): void {
    const failure = this.failed.get(name)
    if (this.duties.has(name) || (failure !== undefined && Date.now() < failure.retryAt)) return
    this.duties.add(name)
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(TEND_TIMEOUT_MS)])
    run(signal).then(() => { this.failed.delete(name) }, err => {
      if (this.stopping.signal.aborted) return
      const message = describeError(err)
      const backoffMs = Math.min(MAX_DUTY_BACKOFF_MS, (failure?.backoffMs ?? MIN_DUTY_BACKOFF_MS / 2) * 2)
      if (message !== failure?.message) this.context.log(`${name}: ${message} (retrying)`)
      this.failed.set(name, { retryAt: Date.now() + backoffMs, backoffMs, message })
    }).finally(() => { this.duties.delete(name) })
  }

  private async reconcileMembers (config: ShardConfig): Promise<void> {
    const desired = config.groups[this.gid]
    if (desired === undefined || desired.length === 0) return
    const status = this.group.status()
    for (const id of [...status.conf.voters, ...status.conf.learners]) this.context.view.expect(id)
    const caughtUp = (id: string): boolean => (status.progress?.[id]?.match ?? 0) >= status.commit
    const stranger = status.strangers?.[0]
    const change = stranger !== undefined ? { type: 'remove' as const, node: stranger } : nextConfChange(status.conf, desired, caughtUp)
    if (change === undefined) return
    await this.group.proposeConfChange(change, AbortSignal.timeout(5_000))
    this.context.log(`${change.type} ${change.node}`)
  }

  private async stepConfig (num: number, signal: AbortSignal): Promise<void> {
    const next = await this.context.config(num, signal)
    if (next.num !== num) return
    const result = await this.group.propose(KvCommand.encode({ client: '', seq: 0n, acked: 0n, now: 0n, config: { num, json: JSON.stringify(next) } }), signal) as KvResult
    if (result.error !== undefined) throw new Error(`configuration ${num}: ${result.error}: ${result.message ?? ''}`)
    this.context.log(`configuration ${num} applied`)
  }

  /** Fetches `shard` from the group that had it, into the log a piece per entry, then its sessions. */
  private async pull (shard: number, state: Pulling, signal: AbortSignal): Promise<void> {
    // The old group's peers then, and now: a member replaced since has the shard too, once caught up.
    const peers = [...new Set([...state.peers, ...this.context.latest()?.groups[state.from] ?? []])]
    let pairs = 0
    // A pull cut short (its duty's deadline, a failover of the giver) goes on from the last piece stored.
    const cursor = `${shard}/${state.num}`
    for (let done = false; !done;) {
      const after = this.pulled.get(cursor) ?? ''
      const piece = await askGroup(this.context.node, this.context.view, peers, this.context.groups, { shard, num: state.num, group: state.from, confirm: false, after }, signal)
      if (piece.pairs.length > 0) await this.propose({ piece: { shard, num: state.num, pairs: piece.pairs } }, signal)
      if (piece.done) await this.propose({ done: { shard, num: state.num, sessions: piece.sessions } }, signal)
      pairs += piece.pairs.length
      this.pulled.set(cursor, piece.pairs[piece.pairs.length - 1]?.key ?? after)
      done = piece.done
    }
    this.pulled.delete(cursor)
    this.context.log(`shard ${shard} of configuration ${state.num} pulled from group ${state.from}: ${pairs} pairs`)
  }

  private async expireSessions (signal: AbortSignal): Promise<void> {
    this.expiredAt = Date.now()
    await this.propose({ expire: { before: BigInt(Date.now() - SESSION_IDLE_MS) } }, signal)
  }

  /** Deletes a shard this group gave away once its new owner says it has it. */
  private async dropWhenTaken (shard: number, state: Sending, config: ShardConfig, signal: AbortSignal): Promise<void> {
    const owner = state.to === '' ? undefined : (await this.context.config(state.num, signal)).groups[state.to]
    if (owner === undefined) return
    await askGroup(this.context.node, this.context.view, owner, this.context.groups, { shard, num: state.num, group: state.to, confirm: true, after: '' }, signal)
    await this.propose({ drop: { shard, num: state.num, sessions: [] } }, signal)
    this.context.log(`shard ${shard} dropped: group ${state.to} has it (configuration ${state.num}, now ${config.num})`)
  }

  private async propose (op: Partial<KvCommand>, signal: AbortSignal): Promise<void> {
    const result = await this.group.propose(KvCommand.encode({ client: '', seq: 0n, acked: 0n, now: 0n, ...op }), signal) as KvResult
    if (result.error !== undefined) throw new Error(`${result.error}: ${result.message ?? ''}`)
  }
}

/** Whether the group's Raft membership already is the configuration's (nothing for the membership duty to do): checked every tend. */
function membersAsConfigured (group: ReturnType<RaftGroup['status']>, desired: readonly string[] | undefined): boolean {
  if (desired === undefined || desired.length === 0) return true
  const { voters, learners } = group.conf
  return (group.strangers?.length ?? 0) === 0 && learners.length === 0 && voters.length === desired.length && desired.every(id => voters.includes(id))
}

type Pulling = Extract<ShardState, { state: 'pulling' }>
type Sending = Extract<ShardState, { state: 'sending' }>

/** Runs `work` for each shard, a few at a time (each is a stream to another group); the failures together, after all ran. */
async function eachShard<T extends { shard: number }> (shards: T[], work: (item: T) => Promise<void>): Promise<void> {
  const problems: string[] = []
  const queue = [...shards]
  await Promise.all(Array.from({ length: SHARDS_AT_ONCE }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await work(item).catch(err => { problems.push(`shard ${item!.shard}: ${describeError(err)}`) })
    }
  }))
  if (problems.length > 0) throw new Error(`${problems.length} of ${shards.length} shards not done: ${problems[0]}`)
}

export function emptyKvResponse (id: bigint): KvResponse {
  return { id, error: '', message: '', leader: '', ok: false, pairs: [], more: false, count: 0n }
}

function fromResult (result: KvResult): Partial<KvResponse> {
  if (result.error !== undefined) return { error: result.error, message: result.message ?? '' }
  return { ok: result.ok ?? false, count: BigInt(result.count ?? 0) }
}

function writeProblem (request: KvRequest): Problem | undefined {
  const key = request.put?.key ?? request.append?.key ?? request.del?.key ?? request.cas?.key
  if (request.purge != null) return request.purge.shard < SHARD_COUNT ? undefined : { code: 'BAD_REQUEST', message: `no shard ${request.purge.shard}` }
  if (key === undefined) return { code: 'BAD_REQUEST', message: 'the request names no operation' }
  const value = request.put?.value ?? request.append?.value ?? request.cas?.value
  return keyProblem(key) ?? (value === undefined ? undefined : valueProblem(value)) ?? (request.cas?.old === undefined ? undefined : valueProblem(request.cas.old))
}
