// The testbed role (only with SHOAL_TEST_HOOKS=1): opens consensus groups named
// `test/...` on this peer when asked, reopens them after a restart, and serves
// proposals, linearizable reads and load runs on them. Tests and benchmarks use
// it to put many groups on real peers before the KV store exists.
import { createHash } from 'node:crypto'
import { TestbedRequest, TestbedResponse } from '../../../protocols/testbed.js'
import type { RaftGroup } from '../../peer/consensus/driver.js'
import { Role } from '../../peer/consensus/types.js'
import { describeError } from '../../peer/log.js'
import type { RoleContext, RoleService } from '../../peer/roles.js'
import { Handlers } from '../../peer/rpc.js'
import { DurableTestState } from './durable-state.js'
import { TestState } from './state.js'

export const TESTBED_PROTOCOL = '/shoal/testbed/1.0.0'
const GROUP_PREFIX = 'test/'
const MAX_REQUEST_BYTES = 1024 * 1024
const MAX_VALUES_RESPONSE = 16 * 1024 * 1024
const LOAD_TIMEOUT_MS = 120_000

export function testbedRole (context: RoleContext): RoleService {
  return new TestbedService(context)
}

class TestbedService implements RoleService {
  private readonly states = new Map<string, TestState | DurableTestState>()
  private readonly handlers: Handlers

  constructor (private readonly context: RoleContext) {
    this.handlers = new Handlers(context.node)
  }

  async start (): Promise<void> {
    for (const group of this.context.groups.storage.groups()) {
      if (group.startsWith(GROUP_PREFIX)) this.open(group, undefined, this.durableGroups().has(group))
    }
    await this.handlers.serve({
      protocol: TESTBED_PROTOCOL, request: TestbedRequest, response: TestbedResponse, log: this.context.log,
      maxRequestBytes: MAX_REQUEST_BYTES, timeoutMs: LOAD_TIMEOUT_MS
    }, async request => await this.answer(request))
  }

  async stop (): Promise<void> {
    await this.handlers.stop()
    for (const group of this.states.keys()) await this.context.groups.close(group)
    this.states.clear()
  }

  /** Which groups keep their state in LMDB, remembered so a restart reopens them the same way. */
  private durableGroups (): Set<string> {
    return new Set(this.context.store.db<boolean, string>('testbed/durable').getKeys() as Iterable<string>)
  }

  private open (group: string, voters?: string[], durable = false): RaftGroup {
    const existing = this.context.groups.get(group)
    if (existing != null) return existing
    if (durable) this.context.store.db<boolean, string>('testbed/durable').putSync(group, true)
    const state = durable ? new DurableTestState(this.context.store, group) : new TestState()
    this.states.set(group, state)
    return this.context.groups.open({
      group,
      stateMachine: state,
      log: this.context.log.child(group),
      bootstrapConf: voters == null ? undefined : { voters, learners: [] }
    })
  }

  private async answer (request: TestbedRequest): Promise<TestbedResponse> {
    const response: TestbedResponse = { error: '', leader: '', term: 0, index: 0, values: [], quiesced: false, perSecond: 0, p50Ms: 0, p99Ms: 0, count: 0, digest: new Uint8Array() }
    if (!request.group.startsWith(GROUP_PREFIX)) return { ...response, error: `testbed groups are named ${GROUP_PREFIX}...` }
    try {
      if (request.op === 'open') {
        this.open(request.group, request.voters.length > 0 ? request.voters : undefined, request.durable)
        return response
      }
      const group = this.context.groups.get(request.group)
      if (group == null) return { ...response, error: 'NOT_FOUND' }
      const status = group.status()
      Object.assign(response, {
        leader: status.role === Role.Leader ? status.id : status.leader, term: status.term, index: status.applied, quiesced: status.quiesced
      })
      switch (request.op) {
        case 'status': return response
        case 'propose': return { ...response, index: await group.propose(request.data) as number }
        case 'learner': {
          for (const node of request.voters) await group.proposeConfChange({ type: 'addLearner', node })
          return response
        }
        case 'values': {
          await group.read()
          const state = this.states.get(request.group)
          if (!(state instanceof TestState)) return { ...response, error: 'values are kept for in-memory groups only' }
          const values = state.all()
          if (values.reduce((n, v) => n + v.length + 8, 0) > MAX_VALUES_RESPONSE) return { ...response, error: 'TOO_LARGE' }
          return { ...response, values: values as Array<Uint8Array<ArrayBuffer>> }
        }
        case 'digest': {
          const state = this.states.get(request.group)
          if (state instanceof DurableTestState) return { ...response, ...state.digest() }
          const values = state?.all() ?? []
          const hash = createHash('sha256')
          for (const value of values) hash.update(value)
          return { ...response, count: values.length, digest: hash.digest() }
        }
        case 'load': return { ...response, ...await runLoad(request, async () => { await group.propose(new Uint8Array(request.size)) }) }
        case 'readload': return { ...response, ...await runLoad(request, async () => { await group.read() }) }
        default: return { ...response, error: `unknown op ${request.op}` }
      }
    } catch (err) {
      return { ...response, error: `${(err as Error).name}: ${describeError(err)}` }
    }
  }
}

/** Runs `count` operations with `concurrency` in flight; rate and latency percentiles. */
async function runLoad (request: TestbedRequest, operation: () => Promise<void>): Promise<Pick<TestbedResponse, 'perSecond' | 'p50Ms' | 'p99Ms'>> {
  const latencies: number[] = []
  let started = 0
  const started0 = performance.now()
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, async () => {
    while (started < request.count) {
      started++
      const t = performance.now()
      await operation()
      latencies.push(performance.now() - t)
    }
  }))
  const seconds = (performance.now() - started0) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) }
}
