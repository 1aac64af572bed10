// Calls to whichever peer leads a group (the master, the shardmaster, later a
// KV replica group): finds it from the swarm's status, follows a NOT_LEADER
// answer's hint, and retries with backoff through a failover until a
// deadline. A coded error in the answer is the caller's (thrown as is when it
// is the caller's to fix); the caller's signal stops everything at once.
import { setTimeout as sleep } from 'node:timers/promises'
import { CodedError, USER_CODES } from '../peer/errors.js'
import { describeError } from '../peer/log.js'
import { call, dialAddrs, type Codec } from '../peer/rpc.js'
import { SwarmUnavailableError } from './errors.js'
import type { Swarm } from './swarm.js'

/** Long enough to ride out a failover (about a second) several times over. */
const FAILOVER_DEADLINE_MS = 30_000
const CALL_TIMEOUT_MS = 15_000
const MAX_BACKOFF_MS = 500

/** A coded error as an answer carries it; code '' is success. */
export interface AnswerError { code: string, message: string, leader?: string }

/** How to talk to the leader of one group. */
export interface LeaderService<Req, Res> {
  /** The group whose leader serves: its name in the swarm's status. */
  group: string
  /** What to call it in errors, e.g. "the DFS master". */
  name: string
  protocol: string
  request: Codec<Req>
  response: Codec<Res>
  maxResponseBytes: number
  errorOf: (response: Res) => AnswerError
}

interface Target { id: string, addrs: string[] }

/** Codes that say: not here, ask the leader (again). */
const RETRY_CODES = new Set(['NOT_LEADER', 'UNAVAILABLE'])

export class LeaderClient<Req, Res> {
  private leader?: Target

  constructor (private readonly swarm: Swarm, private readonly service: LeaderService<Req, Res>) {}

  async call (request: Req, signal?: AbortSignal): Promise<Res> {
    const deadline = Date.now() + FAILOVER_DEADLINE_MS
    let problem = `no leader of ${this.service.group} elected`
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      signal?.throwIfAborted()
      if (attempt > 0) await sleep(Math.min(50 * attempt, MAX_BACKOFF_MS), undefined, { signal })
      const leader = this.leader ?? await this.findLeader(attempt === 0)
      if (leader == null) continue
      let response: Res
      try {
        const timeout = AbortSignal.timeout(CALL_TIMEOUT_MS)
        response = await call(this.swarm.node, dialAddrs(leader), request, {
          protocol: this.service.protocol,
          request: this.service.request,
          response: this.service.response,
          maxResponseBytes: this.service.maxResponseBytes,
          signal: signal == null ? timeout : AbortSignal.any([signal, timeout])
        })
      } catch (err) {
        signal?.throwIfAborted()
        problem = `${leader.id} did not answer: ${describeError(err)}`
        this.leader = undefined
        continue
      }
      const error = this.service.errorOf(response)
      if (RETRY_CODES.has(error.code)) {
        problem = error.message
        this.leader = this.swarm.knownPeer(error.leader)
        continue
      }
      this.leader = leader
      if (error.code === '') return response
      if (USER_CODES.has(error.code)) throw new CodedError(error.code, error.message, error.leader == null ? {} : { leader: error.leader })
      throw new SwarmUnavailableError(`${error.code}: ${error.message}`)
    }
    throw new SwarmUnavailableError(`${this.service.name} is unavailable: ${problem}`)
  }

  /**
   * A request naming one operation of the service's `oneof` (fields left out
   * take their protobuf defaults), answered in the response field of the same name.
   */
  async op<Op extends keyof Req & keyof Res> (op: Op, request: Partial<NonNullable<Req[Op]>>, signal?: AbortSignal): Promise<NonNullable<Res[Op]>> {
    const response = await this.call({ [op]: request } as Req, signal)
    const result = response[op]
    if (result == null) throw new SwarmUnavailableError(`${this.service.name} answered ${String(op)} without its result (a peer of another version?)`)
    return result as NonNullable<Res[Op]>
  }

  /** The leader the swarm names; a swarm where no peer answers at all fails at once. */
  private async findLeader (first: boolean): Promise<Target | undefined> {
    return await this.swarm.leader(this.service.group).catch((err: unknown) => {
      if (first) throw err
      return undefined
    })
  }
}
