// A review of the MapReduce engine: each test here is a way a job's output
// was lost, duplicated or wrong, a job wedged, a stale answer was given, or a
// job's code or a malformed message harmed a peer; each failed before its fix. Unit tests drive the
// jobs state machine (JobsPart over a Namespace) and the master's API the way
// the log does; the last tests run on a real swarm.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { answerJobs, type JobsApiContext } from '../src/roles/master/jobs/api.js'
import type { JobScheduler } from '../src/roles/master/jobs/scheduler.js'
import { attemptsDir, JobsPart, type JobCommand, type JobResult, type NewJob } from '../src/roles/master/jobs/state.js'
import { resolveJob } from '../src/roles/master/jobs/submit.js'
import { Namespace, type FileInfo } from '../src/roles/master/namespace.js'
import { PendingPlacements } from '../src/roles/master/pending.js'
import { DEFAULT_JOB_OPTIONS, partPath } from '../protocols/mr/wire.js'
import { ShuffleRequest, ShuffleResponse, TaskRequest, TaskResult, type MrResponse, type SubmitRequest } from '../protocols/mr/mr.js'
import { MR_SHUFFLE_PROTOCOL, MR_TASK_PROTOCOL } from '../protocols/mr/wire.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DfsClient } from '../src/client/dfs.js'
import { MrClient } from '../src/client/mr.js'
import { call, dialAddrs } from '../src/peer/rpc.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { runSequential } from './helpers/sequential-mr.js'
import { waitFor } from './helpers/wait.js'

// ---- a master's state, applied as the log would -----------------------------

class Master {
  ns = new Namespace()
  jobs = new JobsPart(() => this.ns)
  index = 0
  /** What each code path holds, for resolveJob's readFile. */
  bytes = new Map<string, Uint8Array>()

  apply (command: JobCommand): JobResult {
    // Every replica applies the command decoded from the log.
    return this.jobs.apply(JSON.parse(JSON.stringify(command)), ++this.index)
  }

  put (path: string, text: string, cid = `cid-${path}-${text.length}-${hash(text)}`): void {
    const bytes = new TextEncoder().encode(text)
    this.ns.apply({ op: 'commit', path, chunks: bytes.length === 0 ? [] : [{ cid, size: bytes.length }], chunkSize: 1 << 20, replicas: 1, force: true, mtime: 1, parents: true } as any)
    this.bytes.set(cid, bytes)
  }

  mkdirs (path: string): void {
    this.ns.apply({ op: 'mkdir', path, parents: true })
  }

  async resolve (request: Partial<SubmitRequest>): Promise<NewJob> {
    const full: SubmitRequest = { code: '', inputs: [], output: '', force: false, options: undefined, ...request }
    return await resolveJob(full, this.ns, async (file: FileInfo) => this.fileBytes(file), AbortSignal.timeout(5_000))
  }

  fileBytes (file: FileInfo): Uint8Array {
    return Buffer.concat(file.chunks.map(c => this.bytes.get(c.cid) ?? new Uint8Array(0)))
  }

  /** Runs every map of `job` to completion (attempt 1 each). */
  mapAll (job: string): void {
    for (const task of this.jobs.get(job)!.live!.tasks.filter(t => t.type === 'map')) {
      this.apply({ op: 'start', job, task: task.id, attempt: task.attempts + 1, worker: 'w1' })
      this.apply({ op: 'mapDone', job, task: task.id, attempt: task.attempts, counters: {} })
    }
  }

  reduceTask (job: string, partition: number): { id: string, attempts: number } {
    return this.jobs.get(job)!.live!.tasks.find(t => t.type === 'reduce' && t.index === partition)!
  }

  startReduce (job: string, partition: number): number {
    const task = this.reduceTask(job, partition)
    const attempt = task.attempts + 1
    this.apply({ op: 'start', job, task: task.id, attempt, worker: 'w1' })
    return attempt
  }

  /** What a reduce attempt does: put its part where the master said, then the master records reduceDone. */
  finishReduce (job: string, partition: number, attempt: number, text: string): JobResult {
    const task = this.reduceTask(job, partition)
    const path = `${attemptsDir(job)}/part-r-${String(partition).padStart(5, '0')}.${attempt}`
    this.mkdirs(attemptsDir(job))
    this.put(path, text, `part-${job}-${partition}-${hash(text)}`)
    return this.apply({ op: 'reduceDone', job, task: task.id, attempt, path, counters: {}, now: 2 })
  }

  read (path: string): string | undefined {
    const info = this.ns.stat(path)
    if (info?.type !== 'file') return undefined
    return new TextDecoder().decode(this.fileBytes(info))
  }
}

function hash (text: string): string {
  let h = 0
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0
  return h.toString(16)
}

/** A submit as the log applies it, of a job resolved from the master's namespace. */
async function submit (m: Master, request: Partial<SubmitRequest>, reducers: number): Promise<string> {
  const job = await m.resolve({ ...request, options: { ...DEFAULT_JOB_OPTIONS, reducers } })
  return m.apply({ op: 'submit', job, force: request.force === true, now: 1 }).job
}

/** The master's API over this state: proposals apply at once; the scheduler is a stub. */
function api (m: Master): JobsApiContext {
  const scheduler = { kick () {}, runningOf: () => [], cancelled () {} } as unknown as JobScheduler
  return {
    jobs: () => m.jobs,
    pending: new PendingPlacements(),
    namespace: () => m.ns,
    scheduler,
    readFile: async file => m.fileBytes(file),
    propose: async command => m.apply(command),
    released: () => {}
  }
}

async function apiSubmit (m: Master, request: Partial<SubmitRequest>, reducers: number): Promise<MrResponse> {
  const response: MrResponse = { error: '', message: '', leader: '', term: 1 }
  const full: SubmitRequest = { code: '', inputs: [], output: '', force: false, ...request, options: { ...DEFAULT_JOB_OPTIONS, reducers } }
  await answerJobs(api(m), { submit: full }, response, AbortSignal.timeout(5_000))
  return response
}

function setup (): Master {
  const m = new Master()
  m.mkdirs('/.shoal/code')
  m.put('/.shoal/code/a.mjs', 'export function map () {}\nexport function reduce () {}\n// job A\n')
  m.put('/.shoal/code/b.mjs', 'export function map () {}\nexport function reduce () {}\n// job B, another job\n')
  m.mkdirs('/in')
  m.put('/in/a.txt', 'the quick brown fox\n')
  return m
}

// ---- 1. --force on the output of a running job ---------------------------------

test('--force onto the output of a RUNNING job is refused, naming that job; the running job then ends with its own parts', async () => {
  const m = setup()
  // Job A, 2 reducers, into /out. Its maps finish; reduce 0 commits its part.
  const a = await submit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 2)
  m.mapAll(a)
  const a0 = m.startReduce(a, 0)
  const a1 = m.startReduce(a, 1)
  assert.ok(m.finishReduce(a, 0, a0, 'A part 0\n').accepted)
  // Job B (other code) would replace /out with --force while A's reduce 1 still runs, taking A's part 0 with it.
  for (const output of ['/out', '/out/sub', '/']) {
    const refused = await apiSubmit(m, { code: '/.shoal/code/b.mjs', inputs: ['/in'], output, force: true }, 1)
    assert.is(refused.error, output === '/' ? 'BAD_REQUEST' : 'EXISTS', `${output}: ${refused.message}`)
    if (output !== '/') assert.match(refused.message, a)
  }
  assert.ok(m.finishReduce(a, 1, a1, 'A part 1\n').accepted)
  assert.is(m.jobs.get(a)!.status, 'succeeded')
  assert.equal([0, 1].map(r => m.read(partPath('/out', r))), ['A part 0\n', 'A part 1\n'])
})

// ---- 2. a reused job whose output is no longer its own -----------------------

test('an unchanged job whose output another job replaced since is not answered as reused: it needs --force, and then runs again', async () => {
  const m = setup()
  const a = await submit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 1)
  m.mapAll(a)
  m.finishReduce(a, 0, m.startReduce(a, 0), 'A says fox 1\n')
  assert.is(m.jobs.get(a)!.status, 'succeeded')
  // Another job replaces /out, as --force allows, and succeeds.
  const b = await submit(m, { code: '/.shoal/code/b.mjs', inputs: ['/in'], output: '/out', force: true }, 1)
  m.mapAll(b)
  m.finishReduce(b, 0, m.startReduce(b, 0), 'B says something else\n')
  assert.is(m.jobs.get(b)!.status, 'succeeded')
  // The user runs job A again, unchanged, on unchanged input: its output is no longer its own.
  const again = await apiSubmit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 1)
  assert.is(again.error, 'EXISTS', 'not reused: /out now holds job B\'s output')
  const forced = await apiSubmit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out', force: true }, 1)
  assert.is(forced.error, '', forced.message)
  assert.not.ok(forced.submit!.reused)
  assert.is(forced.submit!.status, 'running')
  assert.is.not(forced.submit!.id, a)
})

test('an unchanged job whose output was removed is not answered as reused: it runs again', async () => {
  const m = setup()
  const a = await submit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 1)
  m.mapAll(a)
  m.finishReduce(a, 0, m.startReduce(a, 0), 'A says fox 1\n')
  m.ns.apply({ op: 'rm', path: '/out', recursive: true })
  const again = await apiSubmit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 1)
  assert.is(again.error, '', again.message)
  const summary = again.submit!
  if (summary.reused && summary.status === 'succeeded') {
    const missing = summary.parts.filter(p => m.ns.stat(p) === undefined)
    assert.equal(missing, [], `job ${summary.id} is answered as reused and succeeded with parts ${JSON.stringify(summary.parts)}, but ${JSON.stringify(missing)} do not exist: the job was not run again and has no output`)
  }
})


test('a part put under a job\'s attempts after the job ended is found and cleaned up; a cancel that arrives after the job succeeded leaves it succeeded', async () => {
  const m = setup()
  const a = await submit(m, { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out' }, 2)
  m.mapAll(a)
  const late = m.startReduce(a, 1)
  m.finishReduce(a, 0, m.startReduce(a, 0), 'A part 0\n')
  const backup = m.startReduce(a, 1)
  m.finishReduce(a, 1, backup, 'A part 1\n')
  assert.is(m.jobs.get(a)!.status, 'succeeded')
  assert.is(m.ns.stat(attemptsDir(a)), undefined, 'the job\'s end removed its attempts')
  assert.equal(m.jobs.withLeftovers(0), [])
  // The stopped attempt's put lands after that: its directory is back.
  m.mkdirs(attemptsDir(a))
  m.put(`${attemptsDir(a)}/part-r-00001.${late}`, 'A part 1\n', 'late-part')
  assert.equal(m.jobs.withLeftovers(0), [a])
  m.apply({ op: 'cleanup', job: a })
  assert.is(m.ns.stat(attemptsDir(a)), undefined)
  assert.equal(m.jobs.withLeftovers(0), [])
  m.apply({ op: 'cancel', job: a, now: 3 })
  assert.is(m.jobs.get(a)!.status, 'succeeded')
})

test('a submit holds its input\'s chunks from the collector from the moment it lists them until the job holds them itself', async () => {
  const m = setup()
  const context = api(m)
  const input = m.ns.stat('/in/a.txt')
  assert.ok(input?.type === 'file')
  const cid = input.chunks[0].cid
  let heldWhileReadingCode: boolean | undefined
  const readFile = context.readFile
  context.readFile = async (file, signal) => {
    heldWhileReadingCode = context.pending.held(cid)
    return await readFile(file, signal)
  }
  const response: MrResponse = { error: '', message: '', leader: '', term: 1 }
  await answerJobs(context, { submit: { code: '/.shoal/code/a.mjs', inputs: ['/in'], output: '/out', force: false, options: { ...DEFAULT_JOB_OPTIONS } } }, response, AbortSignal.timeout(5_000))
  assert.is(response.error, '', response.message)
  assert.is(heldWhileReadingCode, true, 'held while the master read the code, before the job existed')
  assert.is(context.pending.held(cid), false, 'the submit\'s own hold ends with it')
  assert.ok(m.jobs.readsChunk(cid), 'the running job holds it now')
})

// ---- on a real swarm ----------------------------------------------------------

let swarm: TestSwarm | undefined
let scratch = ''

async function live (): Promise<{ swarm: TestSwarm, dfs: DfsClient, mr: MrClient }> {
  if (swarm === undefined) {
    scratch = await mkdtemp(join(tmpdir(), 'shoal-mr-review-'))
    // Holds as short as the DFS tests use: a new master then collects released chunks after 2 s, not 5 min.
    swarm = await TestSwarm.up(3, { SHOAL_HOLD_MS: '4000' })
    await swarm.waitForLeaders('3 workers', s => s.peers.filter(p => p.state === 'alive' && p.roles.includes('worker')).length === 3, 30_000)
  }
  const client = await swarm.connect()
  const dfs = new DfsClient(client)
  return { swarm, dfs, mr: new MrClient(client, dfs) }
}

test.after(async () => {
  await swarm?.[Symbol.asyncDispose]()
  if (scratch !== '') await rm(scratch, { recursive: true, force: true })
})

async function module (name: string, source: string): Promise<string> {
  const path = join(scratch, name)
  await writeFile(path, source)
  return path
}

const SLOW_WORDCOUNT = `
export async function map (key, line, emit) {
  await new Promise(resolve => setTimeout(resolve, 60))
  for (const word of line.match(/[a-z]+/g) ?? []) emit(word, 1)
}
export function reduce (word, counts, emit) { emit(word, counts.reduce((a, b) => a + b, 0)) }
`

test('an input removed (dfs rm) while the job runs: the job read its input as it was at submission, so it must still succeed with the sequential output', async () => {
  const { dfs, mr } = await live()
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']
  const text = Array.from({ length: 240 }, (_, i) => `${words[i % 8]} ${words[(i * 3) % 8]} line ${i % 7}`).join('\n') + '\n'
  const bytes = new TextEncoder().encode(text)
  await dfs.put('/rm-input/in.txt', (async function * () { yield bytes })(), { chunkSize: 400, replicas: 2 })
  const code = await module('slow-wordcount.mjs', SLOW_WORDCOUNT)
  const job = await mr.submit({ code: await mr.upload(code), inputs: ['/rm-input'], output: '/out/rm-input', options: { splitSize: 400, reducers: 2 } })
  // Each map takes about half a second; three workers run ~20 of them: most maps have yet to start.
  await waitFor('a map to finish', async () => (await mr.status(job.id)).maps!.done > 0 || undefined, { timeoutMs: 30_000 })
  await dfs.remove('/rm-input/in.txt')
  const end = await mr.wait(job.id, { signal: AbortSignal.timeout(120_000) })
  assert.is(end.status, 'succeeded', `the job ${end.status} after its input was removed: ${end.error}\n  failures: ${end.failures.slice(-3).map(f => f.reason.slice(0, 200)).join('\n  ')}`)
  const got = Buffer.concat(await collect(mr.output(job.id))).toString()
  assert.is(got, (await runSequential(code, [{ path: '/rm-input/in.txt', bytes }], { reducers: 2 })).join(''))
})

test('a job whose code sends its worker a crafted "done" with a bad counter fails, charged, with a clear reason (--max-attempts 1)', async () => {
  const { dfs, mr } = await live()
  await dfs.put('/crafted/in.txt', (async function * () { yield new TextEncoder().encode('one line\n') })(), { replicas: 2 })
  // The module listens on its own IPC channel before the sandbox does, and answers each task first.
  const code = await module('crafted-done.mjs', `
process.on('message', task => {
  process.send({ type: 'done', id: task.id, partitions: Array.from({ length: task.reducers ?? 1 }, () => new Uint8Array(0)), output: new Uint8Array(0), counters: { crafted: -1 } })
})
export function map () {}
export function reduce () {}
`)
  const job = await mr.submit({ code: await mr.upload(code), inputs: ['/crafted'], output: '/out/crafted', options: { maxAttempts: 1, taskTimeoutMs: 5_000 } })
  try {
    const end = await waitFor('the job to end', async () => {
      const s = await mr.status(job.id)
      return s.status !== 'running' ? s : undefined
    }, { timeoutMs: 20_000, intervalMs: 250 }).catch(() => undefined)
    const now = await mr.status(job.id)
    assert.ok(end !== undefined, `after 20 s the job is still ${now.status} with --max-attempts 1: ${now.failures.length} failed attempts kept, none charged; the last: ${now.failures.at(-1)?.attempt ?? '-'}: ${now.failures.at(-1)?.reason.slice(0, 200) ?? '-'}`)
    assert.is(end!.status, 'failed')
    assert.match(end!.error, /sent its worker malformed counters/)
  } finally {
    await mr.cancel(job.id).catch(() => {})
  }
})

test('a malformed map task from any swarm peer (fileSize past the chunks it lists) is refused, and its worker goes on answering', async () => {
  const { swarm, dfs } = await live()
  const client = await swarm.connect()
  await dfs.put('/malformed/x.txt', (async function * () { yield new TextEncoder().encode('ab\ncd') })(), { replicas: 2 })
  const file = await dfs.stat('/malformed/x.txt')
  assert.is(file.type, 'file')
  if (file.type !== 'file') return
  const status = await swarm.status()
  const target = status.peers.find(p => p.state === 'alive' && p.roles.includes('worker') && p.id !== status.master?.id) ?? status.peers[0]
  const shuffle = async (): Promise<string> => {
    const answer = await call(client.node, dialAddrs(target), { job: 'aaaaaaaaaaaa', task: 'bbbbbbbbbbbbbbbb', attempt: 1, partition: 0 }, {
      protocol: MR_SHUFFLE_PROTOCOL, request: ShuffleRequest, response: ShuffleResponse, signal: AbortSignal.timeout(5_000)
    })
    return answer.error
  }
  assert.is(await shuffle(), 'NOT_FOUND', 'the worker answers before')
  const chunk = file.chunks[0]
  const byId = new Map(status.peers.map(p => [p.id, p]))
  const run = {
    job: 'cccccccccccc',
    task: 'dddddddddddddddd',
    attempt: 1,
    code: new TextEncoder().encode('export function map () {}\nexport function reduce () {}\n'),
    options: { ...DEFAULT_JOB_OPTIONS },
    map: {
      path: '/malformed/x.txt',
      fileSize: 1000, // the chunks listed hold 5 bytes
      chunkSize: file.chunkSize,
      first: 0,
      chunks: [{ cid: chunk.cid, size: chunk.size, replicas: chunk.replicas.map(r => ({ id: r.id, addrs: byId.get(r.id)?.addrs ?? [], state: 'alive' })) }],
      start: 0,
      end: 5
    }
  }
  const answer = await call(client.node, dialAddrs(target), { run }, {
    protocol: MR_TASK_PROTOCOL, request: TaskRequest, response: TaskResult, signal: AbortSignal.timeout(8_000)
  }).then(r => `${r.error}: ${r.message}`, (err: Error) => `no answer: ${err.message}`)
  assert.match(answer, /^BAD_REQUEST: /)
  const after = await shuffle().catch((err: Error) => `no answer: ${err.message}`)
  assert.is(after, 'NOT_FOUND', `after one malformed task (answered ${answer}), worker ${target.id} no longer answers a shuffle request within 5 s (its event loop is stuck in readSplit's lookahead loop)`)
})


async function collect (source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = []
  for await (const part of source) parts.push(part)
  return parts
}

test.run()
