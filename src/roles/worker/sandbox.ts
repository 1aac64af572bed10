// One sandboxed process per job on a worker, reused across the job's tasks:
// Node's permission model with read access to the job's module (and the
// child's own script) only, so no writes, no network, no child processes, no
// workers, no addons; no signals (sandbox-child.mts); no code from strings; a
// heap cap, and the process's whole memory watched from its start. Loading
// the module and each task are bounded by the task timeout. A task that
// breaks a limit, throws or takes the process down fails with the reason,
// and the process is replaced for the job's next task.
import { spawn, type ChildProcess } from 'node:child_process'
import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { pushable, type Pushable } from 'it-pushable'
import type { InputFormat } from '../../../protocols/mr/wire.js'

const CHILD = fileURLToPath(new URL('./sandbox-child.mjs', import.meta.url))
/** util-linux's, on any usual Linux; without it a sandbox outlives a peer killed with SIGKILL until its task's loop ends. */
const SETPRIV = '/usr/bin/setpriv'
let setpriv: Promise<boolean> | undefined
const hasSetpriv = async (): Promise<boolean> => await (setpriv ??= access(SETPRIV, constants.X_OK).then(() => true, () => false))
/** Memory a process may use beyond its heap cap: Node itself, buffers, the task's input. */
const OUTSIDE_HEAP_MiB = 256
const MEMORY_POLL_MS = 50
const STDERR_KEPT = 4096
const PAGE_BYTES = 4096
const MiB = 1024 * 1024

/** A task's failure that is the code's: it counts toward the job's attempts. */
export class TaskFailure extends Error {
  override name = 'TaskFailure'
}

/** A map's records: a split's bytes (`lines`, or a `whole` file), or a KV shard's pairs. */
export type MapRecords =
  | { format: InputFormat, path: string, base: number, bytes: Uint8Array }
  | { format: 'pairs', pairs: Array<{ key: string, value: Uint8Array }> }
export type MapRequest = MapRecords & { reducers: number, spillRecords: number }
/** One sorted run per partition, as a map spills them; the last comes with the task's counters. */
export interface MapRuns { runs: Uint8Array[], counters?: Record<string, number> }
/** What a reduce emitted, as its part file's text. */
export interface ReduceResult { output: Uint8Array, counters: Record<string, number> }
/** What a reduce emitted, as `[key, value]` for the KV store: each value as its part file line would hold it. */
export interface ReducePairs { pairs: Array<[string, string]>, counters: Record<string, number> }

/** How long the process may take, and the caller's signal to stop it. */
export interface Limits { timeoutMs: number, signal: AbortSignal }

type ChildMessage =
  | { type: 'ready' }
  | { type: 'load-failed', reason: string }
  | { type: 'spill', id: number, partitions: Uint8Array[] }
  | { type: 'done', id: number, partitions?: Uint8Array[], output?: Uint8Array, pairs?: unknown, counters: Record<string, number> }
  | { type: 'failed', id: number | undefined, reason: string }

// The sandbox's messages come from a process that runs the job's code, which
// can send its own: each is checked before the worker uses it.
const MAX_COUNTERS = 64
const MAX_COUNTER_NAME = 100

function malformed (what: string): TaskFailure {
  return new TaskFailure(`the job's process sent its worker ${what}`)
}

function checkedRuns (runs: unknown, reducers: number): Uint8Array[] {
  if (!Array.isArray(runs) || runs.length !== reducers || !runs.every(run => run instanceof Uint8Array)) throw malformed(`something other than ${reducers} runs of output`)
  return runs as Uint8Array[]
}

function checkedPairs (pairs: unknown): Array<[string, string]> {
  const valid = Array.isArray(pairs) && pairs.every(pair => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string')
  if (!valid) throw malformed('a reduce result without its pairs')
  return pairs as Array<[string, string]>
}

function checkedCounters (counters: unknown): Record<string, number> {
  const entries = typeof counters === 'object' && counters !== null ? Object.entries(counters) : undefined
  const valid = entries !== undefined && entries.length <= MAX_COUNTERS &&
    entries.every(([name, value]) => name.length <= MAX_COUNTER_NAME && Number.isSafeInteger(value) && (value as number) >= 0)
  if (!valid) throw malformed('malformed counters')
  return Object.fromEntries(entries)
}

export class Sandbox {
  private nextId = 0
  private stderr = ''
  private exited?: string
  /** Every message of the process, kept until read: none is lost while the worker writes a spill. */
  private readonly inbox: Pushable<ChildMessage> = pushable({ objectMode: true })

  private constructor (private readonly child: ChildProcess, private readonly memoryMiB: number) {
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => { this.stderr = (this.stderr + text).slice(-STDERR_KEPT) })
    child.on('message', (message: ChildMessage) => { this.inbox.push(message) })
    const watch = setInterval(() => { void this.checkMemory() }, MEMORY_POLL_MS)
    // 'close', not 'exit': it comes after the last message and the last of stderr.
    child.once('close', (code, signal) => {
      clearInterval(watch)
      this.exited = signal != null ? `was killed by ${signal}` : `exited with code ${code ?? 0}`
      this.inbox.end(new TaskFailure(this.deathReason()))
    })
  }

  /** Starts the process for the module at `modulePath`; a module that does not load, or not within the limits, fails here, with why. */
  static async start (modulePath: string, memoryMiB: number, limits: Limits): Promise<Sandbox> {
    const node = [
      process.execPath, '--permission', `--allow-fs-read=${CHILD}`, `--allow-fs-read=${modulePath}`,
      '--disallow-code-generation-from-strings', `--max-old-space-size=${memoryMiB}`, CHILD, modulePath
    ]
    // A peer killed outright cannot stop its sandboxes, and one stuck in a loop
    // would run on forever: the kernel kills it with its parent (PR_SET_PDEATHSIG).
    const command = await hasSetpriv() ? [SETPRIV, '--pdeathsig', 'KILL', ...node] : node
    const child = spawn(command[0], command.slice(1), { env: {}, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    const sandbox = new Sandbox(child, memoryMiB)
    const first = await sandbox.bounded(limits, `the module did not load within the task timeout of ${limits.timeoutMs} ms`, async () => await sandbox.next())
    if (first.type !== 'ready') {
      sandbox.kill()
      throw new TaskFailure(first.type === 'load-failed' ? first.reason : 'the sandbox did not start')
    }
    return sandbox
  }

  get alive (): boolean {
    return this.exited === undefined
  }

  /** Runs a map; yields its spills as they come, then its last runs with its counters. */
  async * map (request: MapRequest, limits: Limits): AsyncGenerator<MapRuns> {
    const id = this.send({ type: 'map', ...request })
    const stop = this.limit(limits)
    try {
      for (;;) {
        const message = await this.nextOf(id)
        if (message.type === 'spill') yield { runs: checkedRuns(message.partitions, request.reducers) }
        if (message.type === 'done') {
          yield { runs: checkedRuns(message.partitions, request.reducers), counters: checkedCounters(message.counters) }
          return
        }
      }
    } catch (err) {
      throw stop.explain(err)
    } finally {
      stop.release()
    }
  }

  async reduce (runs: Uint8Array[], limits: Limits): Promise<ReduceResult> {
    const done = await this.runReduce(runs, 'lines', limits)
    if (!(done.output instanceof Uint8Array)) throw malformed('a reduce result without its output')
    return { output: done.output, counters: checkedCounters(done.counters) }
  }

  async reducePairs (runs: Uint8Array[], limits: Limits): Promise<ReducePairs> {
    const done = await this.runReduce(runs, 'pairs', limits)
    return { pairs: checkedPairs(done.pairs), counters: checkedCounters(done.counters) }
  }

  private async runReduce (runs: Uint8Array[], output: 'lines' | 'pairs', limits: Limits): Promise<Extract<ChildMessage, { type: 'done' }>> {
    const id = this.send({ type: 'reduce', runs, output })
    return await this.bounded(limits, `the task ran longer than its timeout of ${limits.timeoutMs} ms`, async () => {
      for (;;) {
        const message = await this.nextOf(id)
        if (message.type === 'done') return message
      }
    })
  }

  kill (): void {
    if (this.alive) this.child.kill('SIGKILL')
  }

  private send (task: Record<string, unknown>): number {
    if (!this.alive) throw new TaskFailure(`the sandbox ${this.exited}`)
    const id = ++this.nextId
    this.child.send({ ...task, id })
    return id
  }

  /** The next spill, done or failure of task `id` (a failure throws); older tasks' messages are passed over. */
  private async nextOf (id: number): Promise<Extract<ChildMessage, { type: 'spill' | 'done' }>> {
    for (;;) {
      const message = await this.next()
      if (!('id' in message) || (message.id !== id && message.id !== undefined)) continue
      if (message.type === 'failed') throw new TaskFailure(message.reason)
      return message
    }
  }

  /** Runs `work`; the process is killed when the caller stops or the time is up, and the latter fails with `timedOut`. */
  private async bounded<T> (limits: Limits, timedOut: string, work: () => Promise<T>): Promise<T> {
    const stop = this.limit(limits, timedOut)
    try {
      return await work()
    } catch (err) {
      throw stop.explain(err)
    } finally {
      stop.release()
    }
  }

  /** Kills the process when the caller stops or the time is up; `explain` turns what that made fail into why. */
  private limit (limits: Limits, timedOut = `the task ran longer than its timeout of ${limits.timeoutMs} ms`): { explain: (err: unknown) => unknown, release: () => void } {
    const timeout = AbortSignal.timeout(limits.timeoutMs)
    const stop = AbortSignal.any([limits.signal, timeout])
    const onStop = (): void => { this.kill() }
    stop.addEventListener('abort', onStop, { once: true })
    return {
      explain: err => {
        limits.signal.throwIfAborted()
        return timeout.aborted ? new TaskFailure(timedOut) : err
      },
      release: () => { stop.removeEventListener('abort', onStop) }
    }
  }

  /** The process's next message; its end fails with the reason. */
  private async next (): Promise<ChildMessage> {
    const next = await this.inbox.next()
    if (next.done === true) throw new TaskFailure(this.deathReason())
    return next.value
  }

  private deathReason (): string {
    if (this.overMemory !== undefined) return this.overMemory
    if (/heap limit|out of memory/i.test(this.stderr)) return `the task ran out of memory (heap limit ${this.memoryMiB} MiB)`
    const said = this.stderr.trim().split('\n').slice(-3).join(' | ')
    return `the task's process ${this.exited ?? 'ended'}${said === '' ? '' : `: ${said}`}`
  }

  private overMemory?: string

  private async checkMemory (): Promise<void> {
    const pid = this.child.pid
    if (pid === undefined || !this.alive) return
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8').catch(() => '')
    const rssBytes = Number(statm.split(' ')[1] ?? 0) * PAGE_BYTES
    const limit = (this.memoryMiB + OUTSIDE_HEAP_MiB) * MiB
    if (rssBytes > limit && this.overMemory === undefined) {
      this.overMemory = `the task used ${Math.round(rssBytes / MiB)} MiB of memory; its limit is ${this.memoryMiB + OUTSIDE_HEAP_MiB} MiB (heap ${this.memoryMiB} MiB)`
      this.kill()
    }
  }
}
