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

export interface MapRequest { path: string, base: number, bytes: Uint8Array, format: string, reducers: number, spillRecords: number }
export interface MapResult { partitions: Uint8Array[], counters: Record<string, number> }
export interface ReduceResult { output: Uint8Array, counters: Record<string, number> }

/** How long the process may take, and the caller's signal to stop it. */
export interface Limits { timeoutMs: number, signal: AbortSignal }
interface TaskOptions extends Limits { onSpill?: (partitions: Uint8Array[]) => Promise<void> }

type ChildMessage =
  | { type: 'ready' }
  | { type: 'load-failed', reason: string }
  | { type: 'spill', id: number, partitions: Uint8Array[] }
  | { type: 'done', id: number, partitions?: Uint8Array[], output?: Uint8Array, counters: Record<string, number> }
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
  private readonly exit: Promise<string>

  private constructor (private readonly child: ChildProcess, private readonly memoryMiB: number) {
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => { this.stderr = (this.stderr + text).slice(-STDERR_KEPT) })
    const watch = setInterval(() => { void this.checkMemory() }, MEMORY_POLL_MS)
    this.exit = new Promise(resolve => {
      // 'close', not 'exit': it comes after the last message and the last of stderr.
      child.once('close', (code, signal) => {
        clearInterval(watch)
        this.exited = signal != null ? `was killed by ${signal}` : `exited with code ${code ?? 0}`
        resolve(this.exited)
      })
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
    const first = await sandbox.bounded(limits, `the module did not load within the task timeout of ${limits.timeoutMs} ms`, async () => await sandbox.next(() => true))
    if (first.type !== 'ready') {
      sandbox.kill()
      throw new TaskFailure(first.type === 'load-failed' ? first.reason : 'the sandbox did not start')
    }
    return sandbox
  }

  get alive (): boolean {
    return this.exited === undefined
  }

  async map (request: MapRequest, options: TaskOptions): Promise<MapResult> {
    const onSpill = options.onSpill
    const done = await this.run({ type: 'map', ...request }, {
      ...options,
      onSpill: onSpill === undefined ? undefined : async partitions => { await onSpill(checkedRuns(partitions, request.reducers)) }
    })
    return { partitions: checkedRuns(done.partitions, request.reducers), counters: checkedCounters(done.counters) }
  }

  async reduce (runs: Uint8Array[], options: TaskOptions): Promise<ReduceResult> {
    const done = await this.run({ type: 'reduce', runs }, options)
    if (!(done.output instanceof Uint8Array)) throw malformed('a reduce result without its output')
    return { output: done.output, counters: checkedCounters(done.counters) }
  }

  kill (): void {
    if (this.alive) this.child.kill('SIGKILL')
  }

  private async run (task: Record<string, unknown>, options: TaskOptions): Promise<Extract<ChildMessage, { type: 'done' }>> {
    if (!this.alive) throw new TaskFailure(`the sandbox ${this.exited}`)
    const id = ++this.nextId
    return await this.bounded(options, `the task ran longer than its timeout of ${options.timeoutMs} ms`, async () => {
      this.child.send({ ...task, id })
      for (;;) {
        const message = await this.next(m => 'id' in m && (m.id === id || m.id === undefined))
        if (message.type === 'spill') await options.onSpill?.(message.partitions)
        else if (message.type === 'done') return message
        else if (message.type === 'failed') throw new TaskFailure(message.reason)
      }
    })
  }

  /** Runs `work`; the process is killed when the caller stops or the time is up, and the latter fails with `timedOut`. */
  private async bounded<T> (limits: Limits, timedOut: string, work: () => Promise<T>): Promise<T> {
    const timeout = AbortSignal.timeout(limits.timeoutMs)
    const stop = AbortSignal.any([limits.signal, timeout])
    const onStop = (): void => { this.kill() }
    stop.addEventListener('abort', onStop, { once: true })
    try {
      return await work()
    } catch (err) {
      limits.signal.throwIfAborted()
      if (timeout.aborted) throw new TaskFailure(timedOut)
      throw err
    } finally {
      stop.removeEventListener('abort', onStop)
    }
  }

  /** The next message that `wanted` accepts; the process's exit fails it with the reason. */
  private async next (wanted: (message: ChildMessage) => boolean): Promise<ChildMessage> {
    return await new Promise<ChildMessage>((resolve, reject) => {
      const onMessage = (message: ChildMessage): void => {
        if (!wanted(message)) return
        cleanup()
        resolve(message)
      }
      const onExit = (): void => {
        cleanup()
        reject(new TaskFailure(this.deathReason()))
      }
      const cleanup = (): void => {
        this.child.off('message', onMessage)
        this.child.off('close', onExit)
      }
      this.child.on('message', onMessage)
      if (this.exited !== undefined) onExit()
      else this.child.once('close', onExit)
    })
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
