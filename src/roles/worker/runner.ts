// Runs task attempts on this peer: a map reads its split (or its KV shard),
// runs the job's code in the job's sandbox and keeps its partitioned output on
// disk; a reduce fetches its partition of every map's output, runs the code
// over it, and puts its part into the DFS where the master said (or its pairs
// into the KV store). One sandbox per job, one task at a time in it; a sandbox
// idle for a while is stopped.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Counter, MapOutput, ReduceInput, RunTask, TaskResult } from '../../../protocols/mr/mr.js'
import { ShuffleRequest, ShuffleResponse } from '../../../protocols/mr/mr.js'
import { MAX_SHUFFLE_BYTES, MR_SHUFFLE_PROTOCOL, shortReason, type InputFormat } from '../../../protocols/mr/wire.js'
import { DfsClient } from '../../client/dfs.js'
import { KvClient } from '../../client/kv.js'
import { Swarm } from '../../client/swarm.js'
import { CodedError } from '../../peer/errors.js'
import { pipe } from 'it-pipe'
import { describeError } from '../../peer/log.js'
import type { PeerNode } from '../../peer/node.js'
import { call, dialAddrs } from '../../peer/rpc.js'
import { putPairs, readShard } from './kv-io.js'
import { MapOutputs } from './map-outputs.js'
import { Sandbox, TaskFailure, type Limits, type MapRecords } from './sandbox.js'
import { readSplit } from './split.js'

/** A sandbox with no task for this long is stopped; the job's next task starts another. */
const SANDBOX_IDLE_MS = 30_000
const SHUFFLE_TIMEOUT_MS = 60_000
const FETCHES_AT_ONCE = 4
/** Values a map holds before it spills a sorted run, per MiB of its memory. */
const SPILL_RECORDS_PER_MiB = 1024

class FetchFailed extends Error {
  constructor (readonly lost: MapOutput[], message: string) {
    super(message)
  }
}

interface JobSandbox { sandbox?: Sandbox, queue: Promise<unknown>, idle?: NodeJS.Timeout }

export class TaskRunner {
  private readonly jobs = new Map<string, JobSandbox>()
  private readonly dfs: DfsClient
  private readonly kv: KvClient

  constructor (private readonly node: PeerNode, readonly outputs: MapOutputs) {
    const swarm = Swarm.onPeer(node)
    this.dfs = new DfsClient(swarm)
    this.kv = new KvClient(swarm)
  }

  async run (task: RunTask, signal: AbortSignal): Promise<TaskResult> {
    const result: TaskResult = { error: '', message: '', lost: [], counters: [], partitionBytes: [] }
    try {
      await this.inJobSandbox(task, signal, async sandbox => {
        if (task.reduce != null) Object.assign(result, await this.runReduce(sandbox, task, signal))
        else Object.assign(result, await this.runMap(sandbox, task, await this.mapInput(task, signal), signal))
      })
    } catch (err) {
      if (signal.aborted) return { ...result, error: 'CANCELLED', message: 'the attempt was cancelled' }
      if (err instanceof FetchFailed) return { ...result, error: 'FETCH_FAILED', message: err.message, lost: err.lost }
      if (err instanceof CodedError && err.code === 'BAD_REQUEST') return { ...result, error: 'BAD_REQUEST', message: err.message }
      return { ...result, error: 'FAILED', message: shortReason(err instanceof TaskFailure ? err.message : describeError(err)) }
    }
    return result
  }

  async forget (job: string): Promise<void> {
    const held = this.jobs.get(job)
    this.jobs.delete(job)
    clearTimeout(held?.idle)
    held?.sandbox?.kill()
    await this.outputs.forget(job)
  }

  stop (): void {
    this.kv.close()
    for (const held of this.jobs.values()) {
      clearTimeout(held.idle)
      held.sandbox?.kill()
    }
    this.jobs.clear()
  }

  /** Runs `work` with the job's sandbox once the job's earlier task here is done. */
  private async inJobSandbox (task: RunTask, signal: AbortSignal, work: (sandbox: Sandbox) => Promise<void>): Promise<void> {
    const held = this.jobs.get(task.job) ?? { queue: Promise.resolve() }
    this.jobs.set(task.job, held)
    clearTimeout(held.idle)
    const turn = held.queue.then(async () => {
      if (held.sandbox?.alive !== true) held.sandbox = await this.startSandbox(task, signal)
      await work(held.sandbox)
    })
    held.queue = turn.catch(() => {})
    try {
      await turn
    } finally {
      held.idle = setTimeout(() => { held.sandbox?.kill() }, SANDBOX_IDLE_MS).unref()
    }
  }

  private async startSandbox (task: RunTask, signal: AbortSignal): Promise<Sandbox> {
    const dir = this.outputs.jobDir(task.job)
    await mkdir(dir, { recursive: true })
    const path = join(dir, 'code.mjs')
    await writeFile(path, task.code)
    const options = task.options!
    return await Sandbox.start(path, options.taskMemoryMiB, { timeoutMs: options.taskTimeoutMs, signal })
  }

  /** A map's records: its split's bytes, or its shard's pairs; and how many bytes they are. */
  private async mapInput (task: RunTask, signal: AbortSignal): Promise<{ records: MapRecords, bytes: number }> {
    const format = task.options!.inputFormat as InputFormat
    if (task.map != null) {
      const split = await readSplit(this.node, task.map, format, signal)
      return { records: { format, path: task.map.path, base: split.base, bytes: split.bytes }, bytes: split.bytes.length }
    }
    if (task.shard != null) {
      const { pairs, bytes } = await readShard(this.kv, task.shard, signal)
      return { records: { format: 'pairs', pairs }, bytes }
    }
    throw new CodedError('BAD_REQUEST', 'a task names neither a map nor a reduce input')
  }

  private async runMap (sandbox: Sandbox, task: RunTask, input: { records: MapRecords, bytes: number }, signal: AbortSignal): Promise<Partial<TaskResult>> {
    const options = task.options!
    const output = await this.outputs.begin(task.job, task.task, task.attempt, options.reducers)
    try {
      const request = { ...input.records, reducers: options.reducers, spillRecords: options.taskMemoryMiB * SPILL_RECORDS_PER_MiB }
      const counted = await pipe(sandbox.map(request, { timeoutMs: options.taskTimeoutMs, signal }), output.sink)
      const partitionBytes = await output.sizes()
      const over = partitionBytes.findIndex(bytes => bytes > MAX_SHUFFLE_BYTES)
      if (over !== -1) throw new TaskFailure(`the map's output for reducer ${over} is ${partitionBytes[over]} bytes; a reducer may fetch at most ${MAX_SHUFFLE_BYTES} from one map (use more reducers, or a smaller split size)`)
      await output.commit()
      return { partitionBytes, counters: counters({ ...counted, 'map input bytes': input.bytes }) }
    } catch (err) {
      await output.discard()
      throw err
    }
  }

  private async runReduce (sandbox: Sandbox, task: RunTask, signal: AbortSignal): Promise<Partial<TaskResult>> {
    const input = task.reduce!
    const runs = await this.fetchAll(task.job, input.maps, input.partition, signal)
    const written = await this.reduceAndWrite(sandbox, input, runs, { timeoutMs: task.options!.taskTimeoutMs, signal })
    const shuffled = runs.reduce((sum, run) => sum + run.length, 0)
    return { counters: counters({ ...written.counters, 'shuffle bytes': shuffled, 'output bytes': written.bytes }) }
  }

  /** Runs the reduce and writes what it emitted: its part into the DFS, or its pairs into the KV store; the bytes written. */
  private async reduceAndWrite (sandbox: Sandbox, input: ReduceInput, runs: Uint8Array[], limits: Limits): Promise<{ counters: Record<string, number>, bytes: number }> {
    if (input.kv != null) {
      const result = await sandbox.reducePairs(runs, limits)
      return { counters: result.counters, bytes: await putPairs(this.kv, input.kv.prefix, result.pairs, limits.signal) }
    }
    if (input.path === undefined) throw new CodedError('BAD_REQUEST', 'a reduce task names no output')
    const result = await sandbox.reduce(runs, limits)
    await this.putPart(input.path, result.output, limits.signal)
    return { counters: result.counters, bytes: result.output.length }
  }

  /** This partition of every map's output; the maps whose output could not be had fail the attempt as FETCH_FAILED. */
  private async fetchAll (job: string, maps: MapOutput[], partition: number, signal: AbortSignal): Promise<Uint8Array[]> {
    const runs: Uint8Array[] = new Array(maps.length)
    const lost: MapOutput[] = []
    const problems: string[] = []
    let next = 0
    const fetcher = async (): Promise<void> => {
      while (next < maps.length) {
        const k = next++
        const map = maps[k]
        try {
          const answer = await call(this.node, dialAddrs({ id: map.worker, addrs: map.addrs }), { job, task: map.task, attempt: map.attempt, partition }, {
            protocol: MR_SHUFFLE_PROTOCOL, request: ShuffleRequest, response: ShuffleResponse, maxResponseBytes: MAX_SHUFFLE_BYTES + 1024, signal: AbortSignal.any([signal, AbortSignal.timeout(SHUFFLE_TIMEOUT_MS)])
          })
          if (answer.error === 'TOO_LARGE') throw new TaskFailure(answer.message)
          if (answer.error !== '') throw new Error(`${answer.error}: ${answer.message}`)
          runs[k] = answer.data
        } catch (err) {
          signal.throwIfAborted()
          if (err instanceof TaskFailure) throw err
          lost.push(map)
          problems.push(`map ${map.task} on ${map.worker}: ${describeError(err)}`)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(FETCHES_AT_ONCE, maps.length) }, fetcher))
    if (lost.length > 0) throw new FetchFailed(lost, `could not fetch ${lost.length} map output${lost.length === 1 ? '' : 's'}: ${problems.slice(0, 3).join('; ')}`)
    return runs
  }

  private async putPart (path: string, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
    await this.dfs.put(path, (async function * () { if (bytes.length > 0) yield bytes })(), { force: true, fewerReplicas: true, signal })
  }

  /** Serves one partition of one map attempt's output to a reducer. */
  async shuffle (request: ShuffleRequest): Promise<ShuffleResponse> {
    try {
      const data = await this.outputs.read(request.job, request.task, request.attempt, request.partition)
      if (data.length > MAX_SHUFFLE_BYTES) return { error: 'TOO_LARGE', message: `map ${request.task}'s partition ${request.partition} is ${data.length} bytes; the limit is ${MAX_SHUFFLE_BYTES} (use more reducers)`, data: new Uint8Array(0) }
      return { error: '', message: '', data }
    } catch (err) {
      if (err instanceof CodedError) return { error: err.code, message: err.message, data: new Uint8Array(0) }
      throw err
    }
  }
}

function counters (values: Record<string, number>): Counter[] {
  return Object.entries(values).map(([name, value]) => ({ name, value }))
}
