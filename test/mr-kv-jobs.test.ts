// The master's side of MapReduce over the KV store, driven in-process: how a
// job on `kv:` prefixes is resolved (one split per shard, prefixes each read
// once, a new key every time), how its `kv:` output is kept apart from other
// jobs' outputs, and how its reduces finish without part files.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT } from '../protocols/kv/shard.js'
import type { SubmitRequest } from '../protocols/mr/mr.js'
import { DEFAULT_JOB_OPTIONS } from '../protocols/mr/wire.js'
import { JobsPart, type JobCommand, type NewJob } from '../src/roles/master/jobs/state.js'
import { resolveJob } from '../src/roles/master/jobs/submit.js'
import { Namespace } from '../src/roles/master/namespace.js'
import { rejects } from './helpers/rejects.js'

const CODE = new TextEncoder().encode('export function map () {}\nexport function reduce () {}\n')

function master (): { ns: Namespace, jobs: JobsPart, apply: (command: JobCommand) => ReturnType<JobsPart['apply']> } {
  const ns = new Namespace()
  ns.apply({ op: 'commit', path: '/code.mjs', chunks: [{ cid: 'code', size: CODE.length }], chunkSize: 1 << 20, replicas: 1, mtime: 1 })
  const jobs = new JobsPart(() => ns)
  let index = 0
  return { ns, jobs, apply: command => jobs.apply(JSON.parse(JSON.stringify(command)), ++index) }
}

async function resolve (ns: Namespace, request: Partial<SubmitRequest>): Promise<NewJob> {
  const full: SubmitRequest = { code: '/code.mjs', inputs: [], output: '', force: false, options: DEFAULT_JOB_OPTIONS, ...request }
  return await resolveJob(full, ns, async () => CODE, AbortSignal.timeout(5_000))
}

test('a kv: input is one split per shard over its prefixes, each read once; the same job twice gets two keys', async () => {
  const { ns } = master()
  const job = await resolve(ns, { inputs: ['kv:post_', 'kv:user_', 'kv:post_1', 'kv:post_'], output: '/out' })
  assert.is(job.splits.length, SHARD_COUNT)
  assert.equal(job.splits[5], { shard: 5, prefixes: ['post_', 'user_'] })
  assert.equal(job.files, [])
  const again = await resolve(ns, { inputs: ['kv:post_', 'kv:user_', 'kv:post_1', 'kv:post_'], output: '/out' })
  assert.is.not(again.key, job.key, 'never found again')
  const dfsToKv = await resolve(ns, { inputs: ['/code.mjs'], output: 'kv:out/' })
  assert.is.not((await resolve(ns, { inputs: ['/code.mjs'], output: 'kv:out/' })).key, dfsToKv.key, 'a kv: output neither')
})

test('refused: DFS and kv: inputs together, --force or shared keys with a kv: output, the whole-file format, a prefix as long as a key', async () => {
  const { ns } = master()
  await rejects(resolve(ns, { inputs: ['kv:post_', '/code.mjs'], output: '/out' }), /not both/)
  await rejects(resolve(ns, { inputs: ['kv:post_'], output: 'kv:stats/', force: true }), /--force does nothing/)
  await rejects(resolve(ns, { inputs: ['kv:'], output: 'kv:stats/' }), /share keys/)
  await rejects(resolve(ns, { inputs: ['kv:stats/posts/x'], output: 'kv:stats/' }), /share keys/)
  await rejects(resolve(ns, { inputs: ['kv:post_'], output: '/out', options: { ...DEFAULT_JOB_OPTIONS, inputFormat: 'whole' } }), /one record per key/)
  await rejects(resolve(ns, { inputs: [`kv:${'k'.repeat(1024)}`], output: '/out' }), /at most 1023 bytes/)
})

test('a running job\'s kv: output holds off another that shares keys with it, not one under another prefix or in the DFS', async () => {
  const { ns, apply } = master()
  apply({ op: 'submit', job: await resolve(ns, { inputs: ['kv:post_'], output: 'kv:stats/posts/' }), force: false, now: 1 })
  const submit = async (output: string): Promise<void> => { apply({ op: 'submit', job: await resolve(ns, { inputs: ['kv:post_'], output }), force: false, now: 1 }) }
  await rejects(submit('kv:stats/'), /is writing to kv:stats\/posts\//)
  await rejects(submit('kv:stats/posts/user_1'), /is writing to/)
  await submit('kv:stats/users/')
  await submit('/stats/posts')
})

test('a job with a kv: output makes no directory and ends when its reduces are done, with no parts', async () => {
  const { ns, jobs, apply } = master()
  const id = apply({ op: 'submit', job: await resolve(ns, { inputs: ['kv:post_'], output: 'kv:stats/', options: { ...DEFAULT_JOB_OPTIONS, reducers: 2 } }), force: false, now: 1 }).job
  for (const task of jobs.get(id)!.live!.tasks) {
    apply({ op: 'start', job: id, task: task.id, attempt: 1, worker: 'w' })
    const done = task.type === 'map'
      ? apply({ op: 'mapDone', job: id, task: task.id, attempt: 1, counters: {} })
      : apply({ op: 'reduceDone', job: id, task: task.id, attempt: 1, path: '/unused', counters: {}, now: 2 })
    assert.ok(done.accepted)
  }
  assert.is(jobs.get(id)!.status, 'succeeded')
  assert.equal(ns.list('/').map(e => e.name), ['code.mjs'])
})

test.run()
