// A second review of the MapReduce engine: each test here is a way a job's
// output was lost, a job wedged, or a job harmed a peer. Each failed on the
// code it was written against; the comment above each says why, and what
// changed.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Sandbox } from '../src/roles/worker/sandbox.js'
import { DfsClient } from '../src/client/dfs.js'
import { MrClient } from '../src/client/mr.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

let scratch = ''
async function module (name: string, source: string): Promise<string> {
  if (scratch === '') scratch = await mkdtemp(join(tmpdir(), 'shoal-mr-review2-'))
  const path = join(scratch, name)
  await writeFile(path, source)
  return path
}

let swarm: TestSwarm | undefined
async function live (): Promise<{ dfs: DfsClient, mr: MrClient }> {
  // One peer: it is the master, a chunk server and the worker (the master calls it over the network like any worker).
  swarm ??= await TestSwarm.up(1)
  const client = await swarm.connect()
  const dfs = new DfsClient(client)
  return { dfs, mr: new MrClient(client, dfs) }
}

test.after(async () => {
  await swarm?.[Symbol.asyncDispose]()
  if (scratch !== '') await rm(scratch, { recursive: true, force: true })
})

const lines = (n: number): string => Array.from({ length: n }, (_, i) => `k${String(i).padStart(4, '0')}`).join('\n') + '\n'
const records = (run: Uint8Array): number => Buffer.from(run).toString().split('\n').filter(line => line !== '').length

// ---- 1. a spill's message lost while the previous spill is being written -------
//
// The worker listened to its sandbox's IPC channel only while it waited for a
// message, and a ChildProcess drops a 'message' no one listens to: whatever
// the sandbox sent while the worker wrote a spill to disk was lost (a spill:
// records gone from a map that succeeded; a 'done': the task waited for its
// timeout, charged). The sandbox now queues every message until it is read
// (sandbox.ts inbox), and a map's runs are a source the worker reads at its pace.

test('a map that spills keeps every record: a spill the sandbox sends while the worker writes the previous one is not lost', async () => {
  // 10 records per spill: five spills go out back to back (k0000..k0049) while the worker writes the first,
  // then the last line sleeps, so the 'done' comes after every write and is heard.
  const code = await module('spills.mjs', `
export async function map (key, line, emit) {
  emit(line, 1)
  if (line === 'k0050') await new Promise(resolve => setTimeout(resolve, 500))
}
export function reduce (key, values, emit) { emit(key, values.length) }
`)
  const sandbox = await Sandbox.start(code, 64, { timeoutMs: 10_000, signal: new AbortController().signal })
  try {
    let kept = 0
    for await (const { runs } of sandbox.map({ path: '/in', base: 0, bytes: Buffer.from(lines(51)), format: 'lines', reducers: 1, spillRecords: 10 }, { timeoutMs: 10_000, signal: new AbortController().signal })) {
      kept += records(runs[0])
      // What writing the runs to disk costs on a busy disk: the sandbox runs on meanwhile.
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    assert.is(kept, 51, `the map emitted 51 records; the worker kept ${kept}`)
  } finally {
    sandbox.kill()
  }
})

test('a map whose last spill comes just before its end finishes: its "done" is not lost while the spill is written', async () => {
  const code = await module('spill-at-end.mjs', `
export function map (key, line, emit) { emit(line, 1) }
export function reduce (key, values, emit) { emit(key, values.length) }
`)
  const sandbox = await Sandbox.start(code, 64, { timeoutMs: 10_000, signal: new AbortController().signal })
  try {
    const started = Date.now()
    const result = await (async () => {
      for await (const _ of sandbox.map({ path: '/in', base: 0, bytes: Buffer.from(lines(55)), format: 'lines', reducers: 1, spillRecords: 10 }, { timeoutMs: 5_000, signal: new AbortController().signal })) {
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    })().catch((err: Error) => err)
    assert.ok(!(result instanceof Error), `the map of 55 lines (5 spills, then done) failed after ${Date.now() - started} ms: ${result instanceof Error ? result.message : ''}`)
  } finally {
    sandbox.kill()
  }
})

// ---- 2. a failure message too long for the log: the task wedges ------------
//
// A map that throws fails its attempt with the error's stack as its reason
// (sandbox-child.mts describe() -> sandbox.ts run() TaskFailure(reason) ->
// runner.ts run() TaskResult.message), whatever its length; nothing cuts it.
// The scheduler (scheduler.ts record()) proposes { op: 'failed', reason } with
// that whole message. A reason over MAX_ENTRY_BYTES (3 MiB, consensus/core.ts
// propose) makes the proposal throw TooLargeError before it enters the log.
// record() does not catch it: launch() only logs it. The attempt was already
// dropped from the scheduler's `running` map (attempt()'s finally) but stays
// in the state's task.running, so schedule() never sees the task as pending
// (running.length > 0) and backUpStragglers() skips it (no attempt of its
// own running): the task is never run again and the job never ends, until a
// failover's abandon (and then the same again). The master's own worker is
// called in-process (rpc.ts call(): localService, no response limit), so this
// is any task that runs on the master's peer (every peer is a worker by
// default). [Over the network the same answer is refused by call()'s 1 MiB
// response limit instead, and recorded as UNREACHABLE, uncharged: retried
// forever.]

test('a map whose error message is 4 MiB fails the job (--max-attempts 1): its failure is recorded, the job does not stay running', async () => {
  const { dfs, mr } = await live()
  await dfs.put('/long-error/in.txt', (async function * () { yield new TextEncoder().encode('one line\n') })(), { replicas: 1 })
  const code = await module('long-error.mjs', `
export function map () { throw new Error('x'.repeat(4 * 1024 * 1024)) }
export function reduce () {}
`)
  const job = await mr.submit({ code: await mr.upload(code), inputs: ['/long-error'], output: '/out/long-error', options: { maxAttempts: 1, taskTimeoutMs: 10_000 } })
  try {
    const end = await waitFor('the job to end', async () => {
      const s = await mr.status(job.id)
      return s.status !== 'running' ? s : undefined
    }, { timeoutMs: 30_000, intervalMs: 500 }).catch(() => undefined)
    const now = await mr.status(job.id)
    assert.ok(end !== undefined, `after 30 s the job is still ${now.status} with --max-attempts 1: maps ${JSON.stringify(now.maps)}, ${now.failures.length} failed attempts recorded`)
    assert.is(end!.status, 'failed')
  } finally {
    await mr.cancel(job.id).catch(() => {})
  }
})

test.run()
