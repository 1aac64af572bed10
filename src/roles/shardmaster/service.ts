// The shardmaster role: runs on the leader of the shardmaster group. It
// answers queries (linearizable, and a query may wait for a newer
// configuration), makes the changes people ask for (`kv join/leave/move`), and
// by itself forms replica groups from the live KV peers as they arrive, grows
// small ones and replaces dead members once the failure detector calls them
// dead.
import { ShardmasterRequest, ShardmasterResponse } from '../../../protocols/kv/kv.js'
import { MAX_CONFIG_WAIT_MS, SHARDMASTER_PROTOCOL, shardmasterOpOf, type ShardConfig } from '../../../protocols/kv/wire.js'
import type { RaftGroup } from '../../peer/consensus/driver.js'
import { Role } from '../../peer/consensus/types.js'
import { CodedError } from '../../peer/errors.js'
import { describeError } from '../../peer/log.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { Handlers } from '../../peer/rpc.js'
import { encodeJson } from '../json-state.js'
import { planGroups } from './group-plan.js'
import type { Formed, ShardmasterCommand, ShardmasterState } from './state.js'

const PLAN_EVERY_MS = 500
const GROUP_SIZE = 3

export function shardmasterRole (state: ShardmasterState): (context: RoleContext) => RoleService {
  return context => new ShardmasterService(context, state)
}

class ShardmasterService implements RoleService {
  private readonly handlers: Handlers
  private readonly stopping = new AbortController()
  private timer?: NodeJS.Timeout
  private planning = false
  /** Queries waiting for a configuration newer than the one they name. */
  private readonly waiting = new Set<() => void>()

  constructor (private readonly context: RoleContext, private readonly state: ShardmasterState) {
    this.handlers = new Handlers(context.node)
  }

  async start (): Promise<void> {
    await this.handlers.serve({ protocol: SHARDMASTER_PROTOCOL, request: ShardmasterRequest, response: ShardmasterResponse, log: this.context.log, maxRequestBytes: 64 * 1024, timeoutMs: MAX_CONFIG_WAIT_MS + 5_000 },
      async (request, _connection, signal) => await this.answer(request, signal))
    this.timer = setInterval(() => { void this.plan() }, PLAN_EVERY_MS)
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.stopping.abort()
    for (const wake of this.waiting) wake()
    await this.handlers.stop()
  }

  private group (): RaftGroup {
    const group = this.context.council.group('shardmaster')
    if (group == null) throw new Error('the shardmaster group is not open on this peer')
    return group
  }

  private async answer (request: ShardmasterRequest, signal: AbortSignal): Promise<ShardmasterResponse> {
    const response: ShardmasterResponse = { error: '', message: '', leader: '', config: '' }
    const status = this.group().status()
    if (status.role !== Role.Leader || status.term !== this.context.term) return { ...response, error: 'NOT_LEADER', message: 'this peer is not the shardmaster now', leader: status.leader }
    try {
      const config = await this.run(request, signal)
      return { ...response, config: JSON.stringify(config) }
    } catch (err) {
      if (err instanceof CodedError) return { ...response, error: err.code, message: err.message }
      if ((err as Error).name === 'NotLeaderError') return { ...response, error: 'NOT_LEADER', message: describeError(err), leader: this.group().status().leader }
      return { ...response, error: 'UNAVAILABLE', message: describeError(err) }
    }
  }

  private async run (request: ShardmasterRequest, signal: AbortSignal): Promise<ShardConfig> {
    const op = shardmasterOpOf(request)
    if (request.query != null) return await this.query(Number(request.query.num), Number(request.query.newerThan), signal)
    if (request.join != null) return await this.change({ op: 'form', peers: request.join.peers }, signal)
    if (request.leave != null) return await this.change({ op: 'leave', gids: request.leave.gids }, signal)
    if (request.move != null) {
      const shard = Number(request.move.shard)
      return await this.change({ op: 'move', shard, gid: request.move.gid }, signal)
    }
    throw new CodedError('BAD_REQUEST', `the request names no operation this shardmaster knows${op === undefined ? '' : ` (${op})`}`)
  }

  private async query (num: number, newerThan: number, signal: AbortSignal): Promise<ShardConfig> {
    await this.group().read(signal)
    if (num === -1 && newerThan >= 0 && this.state.query(-1).num <= newerThan) await this.newerThan(newerThan, signal)
    return this.state.query(num)
  }

  /** Resolves once a configuration newer than `num` is applied, or after the longest wait. */
  private async newerThan (num: number, signal: AbortSignal): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>()
    const timer = setTimeout(resolve, MAX_CONFIG_WAIT_MS)
    const check = (): void => { if (this.state.query(-1).num > num) resolve() }
    this.waiting.add(check)
    signal.addEventListener('abort', () => { resolve() }, { once: true })
    try {
      await promise
    } finally {
      clearTimeout(timer)
      this.waiting.delete(check)
    }
  }

  private async change (command: ShardmasterCommand, signal: AbortSignal): Promise<ShardConfig> {
    // A refused change rejects with its coded error (the state throws it).
    const result = await this.group().propose(encodeJson(command), signal) as number | Formed
    for (const wake of this.waiting) wake()
    return this.state.query(typeof result === 'number' ? result : result.num)
  }

  /** Forms, grows and mends replica groups from the live KV peers. */
  private async plan (): Promise<void> {
    if (this.planning) return
    this.planning = true
    try {
      const members = this.context.view.list().filter(m => m.heartbeat.roles.includes('kv'))
      const live = members.filter(m => m.state === 'alive').map(m => m.heartbeat.id)
      const dead = members.filter(m => m.state === 'dead').map(m => m.heartbeat.id)
      const command = planGroups(this.state.query(-1), live, dead, GROUP_SIZE)
      if (command === undefined) return
      const config = await this.change(command, this.stopping.signal)
      this.context.log(`configuration ${config.num}: ${JSON.stringify(command)}`)
    } catch (err) {
      if (!this.stopping.signal.aborted) this.context.log(`planning replica groups: ${describeError(err)}`)
    } finally {
      this.planning = false
    }
  }
}
