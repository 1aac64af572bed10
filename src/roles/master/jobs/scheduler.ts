// The master's MapReduce scheduler, for one term: it hands each pending task
// of each running job to an idle worker (a map first to a worker that holds
// its split's first chunk, a task that failed first to a worker it has not
// failed on), records every attempt's start and end in the log, re-runs what
// a dead worker held (its finished maps too: their output was on its disk),
// backs up the last stragglers of a phase, and stops attempts that no longer
// matter. It keeps nothing the log does not: a new
// master abandons the old one's attempts and carries on from the log.
import { TaskRequest, TaskResult } from '../../../../protocols/mr/mr.js'
import { MR_TASK_PROTOCOL, shortReason } from '../../../../protocols/mr/wire.js'
import { describeError, type Logger } from '../../../peer/log.js'
import type { MembershipView } from '../../../peer/membership.js'
import type { PeerNode } from '../../../peer/node.js'
import { call, dialAddrs } from '../../../peer/rpc.js'
import type { LocationMap } from '../locations.js'
import { describeServer } from '../servers.js'
import type { JobCommand, JobResult, JobRow, TaskRow } from './state.js'
import type { JobsPart } from './state.js'
import { chunksOf, partAttemptPath, taskRequest } from './task-request.js'

const TICK_MS = 100
/** Beyond a task's own timeout, for reading its input and writing its output. */
const CALL_MARGIN_MS = 120_000
const FORGET_TIMEOUT_MS = 10_000
const FORGET_ENDED_WITHIN_MS = 60 * 60_000
/** Longer than recording an attempt's end can take (a propose), short enough not to hold a job up for long. */
const ORPHAN_GRACE_MS = 10_000
/** A phase is near its end (backups may start) when this share of its tasks, or fewer, is left. */
const BACKUP_SHARE = 0.1
/** A straggler gets a backup once it has run this many times longer than the phase's median task, and at least BACKUP_MIN_MS. */
const BACKUP_FACTOR = 1.5
const BACKUP_MIN_MS = 1_000

export interface SchedulerContext {
  node: PeerNode
  view: MembershipView
  jobs: () => JobsPart
  locations: LocationMap
  log: Logger
  propose: (command: JobCommand, signal: AbortSignal) => Promise<JobResult>
  released: (cids: readonly string[]) => void
  /** Makes this peer run tasks itself, for a swarm where no peer runs the worker role. */
  runOwnWorker: () => Promise<void>
}

interface Running { job: string, task: string, attempt: number, worker: string, startedAt: number, stop: AbortController }

export class JobScheduler {
  private readonly running = new Map<string, Running>()
  /** Tasks whose attempt is being started (its start not yet applied), and the worker each goes to. */
  private readonly starting = new Map<string, string>()
  /** Workers an attempt could not reach, with when they had last been heard from: no task until they are heard again. */
  private readonly unreachable = new Map<string, number>()
  private readonly abandoned = new Set<string>()
  private readonly forgotten = new Set<string>()
  /** How long each finished attempt took, per job and phase, for straggler detection. */
  private readonly durations = new Map<string, number[]>()
  private readonly stopping = new AbortController()
  private timer?: NodeJS.Timeout
  private ticking = false
  private readonly self: string
  private readonly startedAt = Date.now()
  /** When each attempt the state calls running was first seen without this master running it. */
  private readonly orphanSince = new Map<string, number>()

  constructor (private readonly context: SchedulerContext) {
    this.self = context.node.peerId.toString()
  }

  start (): void {
    this.timer = setInterval(() => { this.kick() }, TICK_MS)
  }

  stop (): void {
    clearInterval(this.timer)
    this.stopping.abort(new Error('the master stopped'))
    for (const attempt of this.running.values()) attempt.stop.abort()
  }

  /** The attempts of `job` running now, as this master started them. */
  runningOf (job: string): Running[] {
    return [...this.running.values()].filter(a => a.job === job)
  }

  kick (): void {
    if (this.ticking || this.stopping.signal.aborted) return
    this.ticking = true
    this.tick().catch(err => { this.context.log.error('scheduling failed', err) }).finally(() => { this.ticking = false })
  }

  /** Stops a cancelled job's attempts at once. */
  cancelled (job: string): void {
    for (const attempt of this.runningOf(job)) attempt.stop.abort()
  }

  private async tick (): Promise<void> {
    const jobs = this.context.jobs().list()
    for (const job of jobs) {
      if (job.status !== 'running') this.finished(job)
    }
    // A reduce attempt stopped as its job ended may still have put its part, after the job's attempts were removed.
    for (const job of this.context.jobs().withLeftovers(this.startedAt - FORGET_ENDED_WITHIN_MS)) await this.propose({ op: 'cleanup', job })
    const running = jobs.filter(j => j.status === 'running' && j.live !== undefined)
    if (running.length === 0) return
    const workers = await this.workers()
    this.stopAttemptsOnDeadWorkers(workers)
    for (const job of running) {
      if (!this.abandoned.has(job.id)) {
        this.abandoned.add(job.id)
        if (job.live!.tasks.some(t => t.running.length > 0)) await this.propose({ op: 'abandon', job: job.id })
        continue
      }
      await this.reclaimLostMaps(job, workers)
      await this.releaseOrphans(job)
      this.schedule(job, workers)
    }
  }

  /**
   * Attempts the state holds as running that this master is not running (their
   * end could not be recorded): after a grace, longer than any recording, they
   * end uncharged, so their tasks run again instead of waiting for a failover.
   */
  private async releaseOrphans (job: JobRow): Promise<void> {
    const now = Date.now()
    for (const task of job.live!.tasks) {
      for (const { attempt, worker } of task.running) {
        const key = `${job.id}/${task.id}/${attempt}`
        if (this.running.has(key)) continue
        const since = this.orphanSince.get(key) ?? now
        this.orphanSince.set(key, since)
        if (now - since < ORPHAN_GRACE_MS) continue
        this.orphanSince.delete(key)
        await this.propose({ op: 'failed', job: job.id, task: task.id, attempt, worker, reason: 'the master lost track of this attempt', charge: false, now })
      }
    }
  }

  /** Live workers; with none, this peer (the master runs the tasks itself). */
  private async workers (): Promise<string[]> {
    const live = this.context.view.list()
      .filter(m => m.state === 'alive' && m.heartbeat.roles.includes('worker'))
      .map(m => m.heartbeat.id)
    if (live.length > 0) return live
    await this.context.runOwnWorker()
    return [this.self]
  }

  private stopAttemptsOnDeadWorkers (workers: string[]): void {
    for (const attempt of this.running.values()) {
      if (!workers.includes(attempt.worker) && this.context.view.state(attempt.worker) === 'dead') attempt.stop.abort()
    }
  }

  /** Finished maps whose worker is dead: their output went with it, so they run again. */
  private async reclaimLostMaps (job: JobRow, workers: string[]): Promise<void> {
    const gone = (worker: string): boolean => worker !== this.self && !workers.includes(worker) && (this.context.view.get(worker) === undefined || this.context.view.state(worker) === 'dead')
    const lost = job.live!.tasks.filter(t => t.type === 'map' && t.done !== undefined && gone(t.done.worker))
    if (lost.length > 0 && job.reducesDone < job.reduces) await this.propose({ op: 'lost', job: job.id, maps: lost.map(t => ({ task: t.id, attempt: t.done!.attempt })) })
  }

  private schedule (job: JobRow, workers: string[]): void {
    const busy = new Set([...[...this.running.values()].map(a => a.worker), ...this.starting.values()])
    const usable = workers.filter(w => this.reachable(w))
    const idle = usable.filter(w => !busy.has(w))
    if (idle.length === 0) return
    const phase = job.mapsDone < job.maps ? 'map' : 'reduce'
    const tasks = job.live!.tasks.filter(t => t.type === phase && t.done === undefined)
    const pending = tasks.filter(t => t.running.length === 0 && !this.starting.has(t.id))
    for (const worker of [...idle]) {
      if (pending.length === 0) break
      const index = this.pick(job, pending, worker, usable)
      if (index === -1) continue
      const [task] = pending.splice(index, 1)
      idle.splice(idle.indexOf(worker), 1)
      this.launch(job, task, worker)
    }
    this.backUpStragglers(job, phase, tasks, idle)
  }

  /**
   * The pending task `worker` takes: one that has not failed on it, whose
   * input it holds if one is left, else one that failed on every other
   * worker too (-1: it leaves the rest to the others, busy or not). A failure
   * may be the worker's, not the task's (a store or a disk it cannot reach),
   * and the first idle worker would otherwise take every retry.
   */
  private pick (job: JobRow, pending: TaskRow[], worker: string, workers: string[]): number {
    const failedOn = (task: TaskRow, w: string): boolean => job.failures.some(f => f.task === task.id && f.worker === w)
    const local = pending.findIndex(t => !failedOn(t, worker) && this.holdsInput(job, t, worker))
    if (local !== -1) return local
    const fresh = pending.findIndex(t => !failedOn(t, worker))
    if (fresh !== -1) return fresh
    return pending.findIndex(t => workers.every(w => w === worker || failedOn(t, w)))
  }

  /** False for a worker an attempt could not reach, until a heartbeat says it is back: it would fail every task at once. */
  private reachable (worker: string): boolean {
    const lastHeard = this.unreachable.get(worker)
    if (lastHeard === undefined) return true
    if (this.context.view.get(worker)?.lastHeard === lastHeard) return false
    this.unreachable.delete(worker)
    return true
  }

  /** Whether `worker` holds the first chunk of a map's split: it reads it without the network. */
  private holdsInput (job: JobRow, task: TaskRow, worker: string): boolean {
    if (task.type !== 'map') return false
    const { files, splits } = job.live!
    const split = splits[task.index]
    if ('shard' in split) return false
    const first = chunksOf(files[split.file].chunks, split.start, split.start + 1)[0]
    return first !== undefined && this.context.locations.holders(first.chunk.cid).includes(worker)
  }

  private backUpStragglers (job: JobRow, phase: string, left: TaskRow[], idle: string[]): void {
    if (idle.length === 0 || left.length === 0) return
    const total = phase === 'map' ? job.maps : job.reduces
    if (left.length > Math.max(1, Math.ceil(total * BACKUP_SHARE))) return
    const times = this.durations.get(`${job.id}/${phase}`) ?? []
    if (times.length === 0) return
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]
    const now = Date.now()
    for (const task of left) {
      const attempts = [...this.running.values()].filter(a => a.job === job.id && a.task === task.id)
      if (attempts.length !== 1 || this.starting.has(task.id)) continue
      if (now - attempts[0].startedAt < Math.max(BACKUP_MIN_MS, median * BACKUP_FACTOR)) continue
      const worker = idle.find(w => w !== attempts[0].worker)
      if (worker === undefined) return
      idle.splice(idle.indexOf(worker), 1)
      this.context.log(`backing up ${task.type} ${task.index} of job ${job.id} (running ${now - attempts[0].startedAt} ms on ${attempts[0].worker}) on ${worker}`)
      this.launch(job, task, worker)
    }
  }

  private launch (job: JobRow, task: TaskRow, worker: string): void {
    this.starting.set(task.id, worker)
    this.attempt(job, task, worker).catch(err => {
      if (!this.stopping.signal.aborted) this.context.log.error(`${task.type} ${task.index} of job ${job.id} on ${worker}`, err)
    }).finally(() => { this.kick() })
  }

  private async attempt (job: JobRow, task: TaskRow, worker: string): Promise<void> {
    const attempt = task.attempts + 1
    // What the task is told (a reduce: where every map's output is) as it stood when the task was picked: map output lost
    // while its start is proposed makes the reduce fail to fetch it, and that map run again.
    const run = taskRequest(job, task, attempt, this.context)
    try {
      await this.propose({ op: 'start', job: job.id, task: task.id, attempt, worker })
    } finally {
      this.starting.delete(task.id)
    }
    const key = `${job.id}/${task.id}/${attempt}`
    const running: Running = { job: job.id, task: task.id, attempt, worker, startedAt: Date.now(), stop: new AbortController() }
    this.running.set(key, running)
    let result: TaskResult
    try {
      const timeout = AbortSignal.timeout(job.options.taskTimeoutMs + CALL_MARGIN_MS)
      result = await call(this.context.node, dialAddrs(describeServer(this.context.view, worker)), { run }, {
        protocol: MR_TASK_PROTOCOL, request: TaskRequest, response: TaskResult, signal: AbortSignal.any([running.stop.signal, this.stopping.signal, timeout])
      })
    } catch (err) {
      if (!running.stop.signal.aborted) this.unreachable.set(worker, this.context.view.get(worker)?.lastHeard ?? 0)
      result = { error: 'UNREACHABLE', message: `the worker did not answer: ${describeError(err)}`, lost: [], counters: [], partitionBytes: [] }
    } finally {
      this.running.delete(key)
    }
    if (this.stopping.signal.aborted) return
    await this.record(job, task, running, result)
  }

  private async record (job: JobRow, task: TaskRow, attempt: Running, result: TaskResult): Promise<void> {
    if (this.context.jobs().get(job.id)?.status !== 'running') return
    const base = { job: job.id, task: task.id, attempt: attempt.attempt }
    const counters = Object.fromEntries(result.counters.map(c => [c.name, c.value]))
    if (result.error === '') {
      const done = task.type === 'map'
        ? await this.propose({ op: 'mapDone', ...base, counters })
        : await this.propose({ op: 'reduceDone', ...base, path: partAttemptPath(job.id, task, attempt.attempt), counters, now: Date.now() })
      if (done.accepted === true) {
        const times = this.durations.get(`${job.id}/${task.type}`) ?? []
        times.push(Date.now() - attempt.startedAt)
        this.durations.set(`${job.id}/${task.type}`, times)
        for (const other of this.running.values()) if (other.job === job.id && other.task === task.id) other.stop.abort()
      }
      return
    }
    if (result.error === 'FETCH_FAILED') await this.propose({ op: 'lost', job: job.id, maps: result.lost.map(m => ({ task: m.task, attempt: m.attempt })) })
    // The code's own failures count toward the job's attempts; a worker that went away or a map output that did not, is not the code's doing.
    const charge = result.error === 'FAILED' || result.error === 'BAD_REQUEST'
    // Cut here too: a worker of another version may send a long one, and the entry must fit the log.
    const reason = shortReason(result.error === 'FAILED' ? result.message : `${result.error}: ${result.message}`)
    await this.propose({ op: 'failed', ...base, worker: attempt.worker, reason, charge, now: Date.now() })
  }

  /** A job that ended: its attempts stop, and its workers drop its sandbox and map outputs. */
  private finished (job: JobRow): void {
    for (const attempt of this.runningOf(job.id)) attempt.stop.abort()
    // Jobs that ended under this master, or shortly before it began (its predecessor may have died before telling the workers).
    if (this.forgotten.has(job.id) || !(this.abandoned.has(job.id) || job.finished > this.startedAt - FORGET_ENDED_WITHIN_MS)) return
    this.forgotten.add(job.id)
    for (const member of this.context.view.list()) {
      if (member.state !== 'alive' || !(member.heartbeat.roles.includes('worker') || member.heartbeat.id === this.self)) continue
      call(this.context.node, dialAddrs(describeServer(this.context.view, member.heartbeat.id)), { forget: { job: job.id } }, {
        protocol: MR_TASK_PROTOCOL, request: TaskRequest, response: TaskResult, signal: AbortSignal.timeout(FORGET_TIMEOUT_MS)
      }).catch(() => {})
    }
  }

  private async propose (command: JobCommand): Promise<JobResult> {
    const result = await this.context.propose(command, this.stopping.signal)
    if (result.released.length > 0) this.context.released(result.released)
    return result
  }
}
