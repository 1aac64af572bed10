// The master's answers on `/shoal/mr/master/1.0.0`: submit a job (or find
// the same job done), a job's status, the list of jobs, cancel. Reads come
// from the applied state (the caller checks leadership first); a submit and a
// cancel go through the log.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { JobSummary, MrRequest, MrResponse, TaskCounts } from '../../../../protocols/mr/mr.js'
import { kvPrefixOf, MAX_STATUS_WAIT_MS, mrOpOf, partPath, type MrOp, type MrOpRequest, type MrOpResult } from '../../../../protocols/mr/wire.js'
import { CodedError } from '../../../peer/errors.js'
import type { ChunkRef, Namespace } from '../namespace.js'
import type { PendingPlacements } from '../pending.js'
import type { JobScheduler } from './scheduler.js'
import type { JobCommand, JobResult, JobRow, JobsPart, TaskRow } from './state.js'
import { resolveJob, type ReadFile } from './submit.js'

const MAX_LISTED_JOBS = 1000

/** How often a waiting status request looks at its job: the job changes in the applied state, on this peer. */
const STATUS_POLL_MS = 20

export interface JobsApiContext {
  jobs: () => JobsPart
  /** Chunks the collector leaves alone while held (the DFS puts' holds). */
  pending: PendingPlacements
  namespace: () => Namespace
  scheduler: JobScheduler
  readFile: ReadFile
  propose: (command: JobCommand, signal: AbortSignal) => Promise<JobResult>
  released: (cids: readonly string[]) => void
}

export async function answerJobs (context: JobsApiContext, request: MrRequest, response: MrResponse, signal: AbortSignal): Promise<void> {
  try {
    const op = mrOpOf(request)
    if (op === undefined) throw new CodedError('BAD_REQUEST', 'the request names no operation this master knows')
    const handle = OPERATIONS[op] as Operation<typeof op>
    Object.assign(response, { [op]: await handle(context, request[op] as MrOpRequest<typeof op>, signal) })
  } catch (err) {
    if (!(err instanceof CodedError)) throw err
    response.error = err.code
    response.message = err.message
  }
}

type Operation<Op extends MrOp> = (context: JobsApiContext, request: MrOpRequest<Op>, signal: AbortSignal) => Promise<MrOpResult<Op>> | MrOpResult<Op>

const OPERATIONS: { [Op in MrOp]: Operation<Op> } = {
  submit: async (context, request, signal) => {
    // Held from the moment they are listed: once the submit applies, the running job holds them itself.
    const holdId = `submit-${randomBytes(8).toString('hex')}`
    let held: ChunkRef[] = []
    try {
      const job = await resolveJob(request, context.namespace(), context.readFile, signal, files => {
        held = files.flatMap(file => file.chunks)
        context.pending.hold(held, holdId)
      })
      const done = request.force ? undefined : context.jobs().succeeded(job.key)
      if (done !== undefined) return { ...summarize(context, done), reused: true }
      const result = await propose(context, { op: 'submit', job, force: request.force, now: Date.now() }, signal)
      context.scheduler.kick()
      return { ...summarize(context, jobOf(context, result.job)), reused: result.existing === true }
    } finally {
      context.pending.settle(held, holdId)
    }
  },
  status: async (context, request, signal) => {
    // A follower of the job waits here for its next change, not in a loop of requests.
    const deadline = Date.now() + Math.min(request.waitMs, MAX_STATUS_WAIT_MS)
    while ((jobOf(context, request.job).version ?? 0) <= request.after && Date.now() < deadline && jobOf(context, request.job).status === 'running') {
      await sleep(STATUS_POLL_MS, undefined, { signal })
    }
    return summarize(context, jobOf(context, request.job))
  },
  // The newest jobs, without their failures (`status` has them): the answer stays small however many jobs ran.
  list: context => ({ jobs: context.jobs().list().slice(-MAX_LISTED_JOBS).map(job => ({ ...summarize(context, job), failures: [] })) }),
  cancel: async (context, request, signal) => {
    const job = jobOf(context, request.job)
    if (job.status === 'running') {
      await propose(context, { op: 'cancel', job: job.id, now: Date.now() }, signal)
      context.scheduler.cancelled(job.id)
    }
    return summarize(context, jobOf(context, request.job))
  }
}

async function propose (context: JobsApiContext, command: JobCommand, signal: AbortSignal): Promise<JobResult> {
  const result = await context.propose(command, signal)
  if (result.released.length > 0) context.released(result.released)
  return result
}

function jobOf (context: JobsApiContext, id: string): JobRow {
  const job = context.jobs().get(id)
  if (job === undefined) throw new CodedError('NOT_FOUND', `no job ${JSON.stringify(id)}`)
  return job
}

function summarize (context: JobsApiContext, job: JobRow): JobSummary {
  const tasks = job.live?.tasks
  const counts = (type: string, total: number, done: number): TaskCounts => {
    if (tasks === undefined) return { total, pending: 0, running: 0, done }
    const ofType = tasks.filter(t => t.type === type)
    const running = ofType.filter(t => t.done === undefined && isRunning(context, job, t)).length
    return { total, pending: total - done - running, running, done }
  }
  return {
    id: job.id,
    key: job.key,
    status: job.status,
    code: job.code,
    inputs: job.inputs,
    output: job.output,
    options: job.options,
    maps: counts('map', job.maps, job.mapsDone),
    reduces: counts('reduce', job.reduces, job.reducesDone),
    counters: Object.entries(job.counters).map(([name, value]) => ({ name, value })).sort((a, b) => a.name.localeCompare(b.name)),
    error: job.error,
    submitted: job.submitted,
    finished: job.finished,
    parts: job.status === 'succeeded' && kvPrefixOf(job.output) === undefined ? Array.from({ length: job.reduces }, (_, i) => partPath(job.output, i)) : [],
    failures: job.failures,
    reused: false,
    version: job.version ?? 0,
    failedAttempts: job.failedAttempts
  }
}

function isRunning (context: JobsApiContext, job: JobRow, task: TaskRow): boolean {
  return task.running.length > 0 || context.scheduler.runningOf(job.id).some(a => a.task === task.id)
}
