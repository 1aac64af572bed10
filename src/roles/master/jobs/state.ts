// MapReduce jobs and their tasks: the third part of the master's replicated
// state, beside the namespace, so a new master carries a running job on
// where the old one left it. Every change is a command in the log, applied
// the same on every replica: a submit (with the input's chunks as they were),
// each attempt's start, a map's or reduce's completion (the first wins; a
// reduce's completion moves its part into the output in the same entry, so a
// part is committed exactly once), a failure, map output lost with its
// worker (the map's counters go with it), an abandon (a new master forgets
// the old one's attempts), a cancel. A `kv:` output has no parts: its reduce
// attempts put their pairs into the KV store themselves.
// A finished job keeps its summary; its tasks, splits and code go.
import { createHash } from 'node:crypto'
import type { JobOptions, TaskFailure } from '../../../../protocols/mr/mr.js'
import { ATTEMPTS_DIR, kvPrefixOf, partPath } from '../../../../protocols/mr/wire.js'
import { CodedError } from '../../../peer/errors.js'
import type { StatePart } from '../../../peer/consensus/replicated-state.js'
import { decodeJson, encodeJson } from '../../json-state.js'
import type { ChunkRef, Namespace } from '../namespace.js'
import { outputsOverlap } from './kv-prefixes.js'

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled'
export type TaskType = 'map' | 'reduce'

/** An input file as the job saw it at submission: its chunks are content-addressed, so later changes to the path do not reach the job. */
export interface InputFile { path: string, size: number, chunkSize: number, chunks: ChunkRef[] }
/** Bytes [start, end) of input file `file`. */
export interface FileSplit { file: number, start: number, end: number }
/** The keys of KV shard `shard` under any of `prefixes`. */
export interface ShardSplit { shard: number, prefixes: string[] }
export type Split = FileSplit | ShardSplit

export interface Attempt { attempt: number, worker: string }

export interface TaskRow {
  id: string
  type: TaskType
  /** The split's index (map) or the partition (reduce). */
  index: number
  /** Attempts started so far; the next is this plus one. */
  attempts: number
  running: Attempt[]
  failures: number
  done?: Attempt
  /** A finished map's counters: the job's lose them again with the map's output. */
  counters?: Record<string, number>
}

export interface JobRow {
  id: string
  key: string
  status: JobStatus
  code: string
  codeCid: string
  inputs: string[]
  output: string
  options: JobOptions
  maps: number
  reduces: number
  mapsDone: number
  reducesDone: number
  counters: Record<string, number>
  error: string
  submitted: number
  finished: number
  failures: TaskFailure[]
  failedAttempts: number
  /** Grows with every command applied to the job. */
  version?: number
  /** Each committed part's digest (its chunk ids'): a finished job is found again only while its output is still its own. */
  partDigests?: string[]
  /** While the job runs: its module (base64), input files, splits and tasks. */
  live?: { codeBytes: string, files: InputFile[], splits: Split[], tasks: TaskRow[] }
}

export interface NewJob {
  key: string
  code: string
  codeCid: string
  codeBytes: string
  inputs: string[]
  output: string
  options: JobOptions
  files: InputFile[]
  splits: Split[]
}

export type JobCommand =
  | { op: 'submit', job: NewJob, force: boolean, now: number }
  | { op: 'start', job: string, task: string, attempt: number, worker: string }
  | { op: 'mapDone', job: string, task: string, attempt: number, counters: Record<string, number> }
  | { op: 'reduceDone', job: string, task: string, attempt: number, path: string, counters: Record<string, number>, now: number }
  | { op: 'failed', job: string, task: string, attempt: number, worker: string, reason: string, charge: boolean, now: number }
  /** The finished map attempts whose output is gone: a report about an older attempt changes nothing. */
  | { op: 'lost', job: string, maps: Array<{ task: string, attempt: number }> }
  | { op: 'abandon', job: string }
  | { op: 'cancel', job: string, now: number }
  /** Removes what attempts put under a job's attempts directory after the job ended. */
  | { op: 'cleanup', job: string }

export interface JobResult {
  job: string
  /** submit: an equal job already running or finished was returned; done and failed: whether this attempt counted. */
  existing?: boolean
  accepted?: boolean
  /** Chunks no file references any more (a replaced output, losers' attempts): the collector deletes them. */
  released: string[]
}

/** Failed attempts a job keeps for `mr status`. */
const KEPT_FAILURES = 20
/** Where a job's reduce attempts put their parts before the master moves the first of each into the output. */
export const attemptsDir = (job: string): string => `${ATTEMPTS_DIR}/${job}`

const hex = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length)

export class JobsPart implements StatePart {
  private jobs = new Map<string, JobRow>()
  /** How many running jobs read each chunk: the collector leaves those alone though no file holds them any more. */
  private inputRefs = new Map<string, number>()

  constructor (private readonly namespace: () => Namespace) {}

  /** Whether a running job reads `cid` (its input, as it was at submission). */
  readsChunk (cid: string): boolean {
    return this.inputRefs.has(cid)
  }

  get (id: string): JobRow | undefined {
    return this.jobs.get(id)
  }

  /** Every job, oldest first. */
  list (): JobRow[] {
    return [...this.jobs.values()]
  }

  /** The newest job of `key` that succeeded and whose output is still its own, if any. */
  succeeded (key: string): JobRow | undefined {
    return this.list().reverse().find(j => j.key === key && j.status === 'succeeded' && this.intact(j))
  }

  /** Whether every part a job committed is still at its path, unchanged. */
  private intact (job: JobRow): boolean {
    const digests = job.partDigests ?? []
    return digests.length === job.reduces && digests.every((digest, r) => this.partDigest(partPath(job.output, r)) === digest)
  }

  private partDigest (path: string): string | undefined {
    const part = this.namespace().stat(path)
    return part?.type === 'file' ? hex(part.chunks.map(c => c.cid).join(','), 16) : undefined
  }

  apply (command: unknown, index: number): JobResult {
    const result = this.applyCommand(command as JobCommand, index)
    const job = this.jobs.get(result.job)
    if (job !== undefined) job.version = (job.version ?? 0) + 1
    return result
  }

  private applyCommand (c: JobCommand, index: number): JobResult {
    switch (c?.op) {
      case 'submit': return this.submit(c, index)
      case 'start': return this.start(c)
      case 'mapDone': return this.mapDone(c)
      case 'reduceDone': return this.reduceDone(c)
      case 'failed': return this.failed(c)
      case 'lost': return this.lost(c)
      case 'abandon': return this.abandon(c)
      case 'cancel': return this.cancel(c)
      case 'cleanup': return this.cleanup(c)
      default: throw new CodedError('BAD_REQUEST', `unknown job command ${JSON.stringify((c as { op?: unknown })?.op)}`)
    }
  }

  private submit ({ job, force, now }: Extract<JobCommand, { op: 'submit' }>, index: number): JobResult {
    const same = this.list().find(j => j.key === job.key && (j.status === 'running' || (j.status === 'succeeded' && !force && this.intact(j))))
    if (same !== undefined) return { job: same.id, existing: true, released: [] }
    const writer = this.list().find(j => j.status === 'running' && outputsOverlap(j.output, job.output))
    if (writer !== undefined) throw new CodedError('EXISTS', `job ${writer.id} is writing to ${writer.output}; cancel it, or choose another output`)
    const released = kvPrefixOf(job.output) === undefined ? this.makeOutputDir(job.output, force) : []
    const id = hex(`${job.key}:${index}`, 12)
    const task = (type: TaskType, i: number): TaskRow => ({ id: hex(`${job.key}:${type}:${i}`, 16), type, index: i, attempts: 0, running: [], failures: 0 })
    const tasks = [...job.splits.map((_, i) => task('map', i)), ...Array.from({ length: job.options.reducers }, (_, i) => task('reduce', i))]
    this.jobs.set(id, {
      id,
      key: job.key,
      status: 'running',
      code: job.code,
      codeCid: job.codeCid,
      inputs: job.inputs,
      output: job.output,
      options: job.options,
      maps: job.splits.length,
      reduces: job.options.reducers,
      mapsDone: 0,
      reducesDone: 0,
      counters: {},
      error: '',
      submitted: now,
      finished: 0,
      failures: [],
      failedAttempts: 0,
      live: { codeBytes: job.codeBytes, files: job.files, splits: job.splits, tasks }
    })
    this.countInputs(job.files, 1)
    return { job: id, released }
  }

  /** A job's output directory, made anew; what an earlier one held is released. */
  private makeOutputDir (output: string, force: boolean): string[] {
    const ns = this.namespace()
    const released: string[] = []
    if (ns.stat(output) !== undefined) {
      if (!force) throw new CodedError('EXISTS', `${output} exists; replace it with --force`)
      released.push(...ns.apply({ op: 'rm', path: output, recursive: true }).released)
    }
    ns.apply({ op: 'mkdir', path: output, parents: true })
    return released
  }

  private start (c: Extract<JobCommand, { op: 'start' }>): JobResult {
    const { task } = this.task(c.job, c.task)
    if (task.done !== undefined) throw new CodedError('BAD_REQUEST', `task ${c.task} is done`)
    if (c.attempt !== task.attempts + 1) throw new CodedError('BAD_REQUEST', `attempt ${c.attempt} of task ${c.task} is not its next (${task.attempts + 1})`)
    task.attempts = c.attempt
    task.running.push({ attempt: c.attempt, worker: c.worker })
    return { job: c.job, released: [] }
  }

  private mapDone (c: Extract<JobCommand, { op: 'mapDone' }>): JobResult {
    const { job, task } = this.task(c.job, c.task)
    const attempt = task.running.find(a => a.attempt === c.attempt)
    if (task.done !== undefined || attempt === undefined) return { job: c.job, accepted: false, released: [] }
    task.done = attempt
    task.running = []
    task.counters = c.counters
    job.mapsDone++
    addCounters(job.counters, c.counters)
    return { job: c.job, accepted: true, released: [] }
  }

  private reduceDone (c: Extract<JobCommand, { op: 'reduceDone' }>): JobResult {
    const { job, task } = this.task(c.job, c.task)
    const attempt = task.running.find(a => a.attempt === c.attempt)
    if (task.done !== undefined || attempt === undefined) return { job: c.job, accepted: false, released: [] }
    if (kvPrefixOf(job.output) === undefined) {
      try {
        this.namespace().apply({ op: 'mv', from: c.path, to: partPath(job.output, task.index) })
      } catch (err) {
        return { ...this.finish(job, 'failed', `reduce task ${task.index} could not commit its part: ${(err as Error).message}`, c.now), accepted: false }
      }
      const digests = job.partDigests ?? []
      digests[task.index] = this.partDigest(partPath(job.output, task.index)) ?? ''
      job.partDigests = digests
    }
    task.done = attempt
    task.running = []
    job.reducesDone++
    addCounters(job.counters, c.counters)
    if (job.reducesDone < job.reduces) return { job: c.job, accepted: true, released: [] }
    return { ...this.finish(job, 'succeeded', '', c.now), accepted: true }
  }

  private failed (c: Extract<JobCommand, { op: 'failed' }>): JobResult {
    const { job, task } = this.task(c.job, c.task)
    const attempt = task.running.find(a => a.attempt === c.attempt)
    if (attempt === undefined) return { job: c.job, accepted: false, released: [] }
    task.running = task.running.filter(a => a !== attempt)
    job.failures = [...job.failures, { task: task.id, type: task.type, attempt: c.attempt, worker: c.worker, reason: c.reason }].slice(-KEPT_FAILURES)
    if (!c.charge) return { job: c.job, accepted: true, released: [] }
    task.failures++
    job.failedAttempts++
    if (task.failures < job.options.maxAttempts || task.done !== undefined) return { job: c.job, accepted: true, released: [] }
    const reason = `${task.type} task ${task.index} (${task.id}) failed ${task.failures} time${task.failures === 1 ? '' : 's'}; the last: ${c.reason}`
    return { ...this.finish(job, 'failed', reason, c.now), accepted: true }
  }

  /** Map outputs that went with their worker: those maps run again. */
  private lost (c: Extract<JobCommand, { op: 'lost' }>): JobResult {
    const job = this.running(c.job)
    const { tasks } = job.live!
    for (const lost of c.maps) {
      const task = tasks.find(t => t.id === lost.task && t.type === 'map')
      if (task?.done?.attempt !== lost.attempt) continue
      task.done = undefined
      job.mapsDone--
      addCounters(job.counters, task.counters ?? {}, -1)
      task.counters = undefined
    }
    return { job: c.job, released: [] }
  }

  /** Jobs that ended at or after `since` whose attempts directory is there again. */
  withLeftovers (since: number): string[] {
    const ns = this.namespace()
    return this.list().filter(j => j.status !== 'running' && j.finished >= since && ns.stat(attemptsDir(j.id)) !== undefined).map(j => j.id)
  }

  private cleanup (c: Extract<JobCommand, { op: 'cleanup' }>): JobResult {
    const job = this.jobs.get(c.job)
    const ns = this.namespace()
    if (job === undefined || job.status === 'running' || ns.stat(attemptsDir(job.id)) === undefined) return { job: c.job, released: [] }
    return { job: c.job, released: ns.apply({ op: 'rm', path: attemptsDir(job.id), recursive: true }).released }
  }

  /** A job that ended while its cancel was on its way stays as it ended. */
  private cancel (c: Extract<JobCommand, { op: 'cancel' }>): JobResult {
    const job = this.jobs.get(c.job)
    if (job === undefined) throw new CodedError('NOT_FOUND', `no job ${c.job}`)
    if (job.status !== 'running') return { job: c.job, released: [] }
    return this.finish(job, 'cancelled', '', c.now)
  }

  private abandon (c: Extract<JobCommand, { op: 'abandon' }>): JobResult {
    for (const task of this.running(c.job).live!.tasks) task.running = []
    return { job: c.job, released: [] }
  }

  private finish (job: JobRow, status: JobStatus, error: string, now: number): JobResult {
    job.status = status
    job.error = error
    job.finished = now
    if (job.live !== undefined) this.countInputs(job.live.files, -1)
    job.live = undefined
    const ns = this.namespace()
    const attempts = attemptsDir(job.id)
    const released = ns.stat(attempts) === undefined ? [] : ns.apply({ op: 'rm', path: attempts, recursive: true }).released
    return { job: job.id, released }
  }

  private running (id: string): JobRow {
    const job = this.jobs.get(id)
    if (job === undefined) throw new CodedError('NOT_FOUND', `no job ${id}`)
    if (job.status !== 'running' || job.live === undefined) throw new CodedError('BAD_REQUEST', `job ${id} is ${job.status}`)
    return job
  }

  private task (jobId: string, taskId: string): { job: JobRow, task: TaskRow } {
    const job = this.running(jobId)
    const task = job.live!.tasks.find(t => t.id === taskId)
    if (task === undefined) throw new CodedError('NOT_FOUND', `job ${jobId} has no task ${taskId}`)
    return { job, task }
  }

  snapshot (): Uint8Array {
    return encodeJson(this.list())
  }

  restore (data: Uint8Array): void {
    this.jobs = new Map(decodeJson<JobRow[]>(data).map(job => [job.id, job]))
    this.inputRefs = new Map()
    for (const job of this.jobs.values()) if (job.live !== undefined) this.countInputs(job.live.files, 1)
  }

  private countInputs (files: InputFile[], delta: 1 | -1): void {
    for (const file of files) {
      for (const { cid } of file.chunks) {
        const count = (this.inputRefs.get(cid) ?? 0) + delta
        if (count > 0) this.inputRefs.set(cid, count)
        else this.inputRefs.delete(cid)
      }
    }
  }
}

function addCounters (total: Record<string, number>, add: Record<string, number>, sign = 1): void {
  for (const [name, value] of Object.entries(add)) total[name] = (total[name] ?? 0) + sign * value
}
