// MapReduce over the KV store on a real 3-peer swarm: Bacefook users and
// posts loaded into the store, posts counted per user from `kv:user_`
// into `kv:stats/posts/` (each count checked against one made here), a word
// count from KV keys into the DFS (exactly the sequential runner's output),
// the combinations the master refuses (the rest of them:
// mr-kv-jobs.test.ts), the empty prefix reading every key, and a failed task
// retried on another worker first (a worker on the peer that leads the KV
// group cannot reach the store: the client on a peer's own node cannot dial
// that peer).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { demoData } from '../src/client/bacefook-seed.js'
import { KvClient } from '../src/client/kv.js'
import { ROOT, shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { runSequentialRecords, type InputRecord } from './helpers/sequential-mr.js'

const EXAMPLES = join(ROOT, 'examples')
const USERS = 200
const POSTS = 2000

let swarm: TestSwarm
let kv: KvClient
let data: InputRecord[]

test.before(async () => {
  swarm = await TestSwarm.up(3)
  await swarm.waitForLeaders('3 workers', s => s.peers.filter(p => p.state === 'alive' && p.roles.includes('worker')).length === 3, 30_000)
  kv = new KvClient(await swarm.connect())
  data = demoData({ users: USERS, posts: POSTS })
  await kv.multiput(data.map(({ key, value }) => ({ key, value: Buffer.from(value) })))
})

test.after(async () => {
  kv?.close()
  await swarm?.[Symbol.asyncDispose]()
})

interface Job { job: string, status: string, parts: string[], error: string, maps: { total: number }, counters: Record<string, number>, failures: Array<{ task: string, type: string, worker: string }> }

const example = (name: string): string => join(EXAMPLES, name)

async function run (code: string, inputs: string[], output: string, extra: string[] = []): Promise<Job> {
  const args = ['mr', 'run', '--code', code, ...inputs.flatMap(i => ['--input', i]), '--output', output, '--json', ...extra]
  const result = await shoal(args, { home: swarm.home, timeoutMs: 60_000 })
  assert.is(result.code, 0, `mr run ${code}: ${result.stderr}${result.stdout}\n${await swarm.peerLogs(8)}`)
  const job = JSON.parse(result.stdout) as Job
  assert.is(job.status, 'succeeded', job.error)
  return job
}

async function scan (prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for await (const { key, value } of kv.scan(prefix)) found.set(key, Buffer.from(value).toString('utf8'))
  return found
}

const records = (...prefixes: string[]): InputRecord[] => data.filter(({ key }) => prefixes.some(p => key.startsWith(p)))

test('posts-per-user.mjs from kv:user_ to kv:stats/posts/: each user\'s key holds the number of their posts; run again, it runs again', async () => {
  const expected = new Map<string, string>()
  const counts = new Map<string, number>()
  for (const { key } of records('user_').filter(({ key }) => key.includes('/post_'))) {
    const author = key.slice(0, key.indexOf('/'))
    counts.set(author, (counts.get(author) ?? 0) + 1)
  }
  for (const [user, count] of counts) expected.set(`stats/posts/${user}`, String(count))
  assert.ok(counts.size > 50 && counts.size < USERS, `some users write posts and some do not (${counts.size} of ${USERS} do)`)

  const job = await run(example('posts-per-user.mjs'), ['kv:user_'], 'kv:stats/posts/', ['--reducers', '3'])
  assert.is(job.maps.total, 64, 'one map per shard')
  assert.is(job.counters['map input records'], USERS + POSTS, 'every profile and post read once')
  assert.equal(job.parts, [], 'no part files')
  assert.equal(await scan('stats/posts/'), expected)

  const cat = await shoal(['mr', 'cat', job.job], { home: swarm.home })
  assert.is(cat.code, 1)
  assert.match(cat.stderr, /wrote its output to the KV store, under the prefix "stats\/posts\/": `shoal kv scan "stats\/posts\/"` lists it/)

  const again = await run(example('posts-per-user.mjs'), ['kv:user_'], 'kv:stats/posts/', ['--reducers', '3'])
  assert.is.not(again.job, job.job, 'a job on the KV store is never the stored job')
  assert.is(again.counters['map input records'], USERS + POSTS)
  assert.equal(await scan('stats/posts/'), expected)
})

test('wordcount.mjs over kv:user_1, kv:user_ and kv:user_1/ into a DFS directory: exactly the sequential output, each key read once', async () => {
  const job = await run(example('wordcount.mjs'), ['kv:user_1', 'kv:user_', 'kv:user_1/'], '/out/kv-wc', ['--reducers', '2'])
  assert.is(job.counters['map input records'], USERS + POSTS, 'user_1... lies within user_: read once')
  const cat = await shoal(['mr', 'cat', job.job], { home: swarm.home })
  assert.is(cat.code, 0, cat.stderr)
  const expected = (await runSequentialRecords(example('wordcount.mjs'), records('user_'), { reducers: 2 })).join('')
  assert.is(cat.stdout, expected)
})

test('DFS and kv: inputs together, and --force or an input\'s keys with a kv: output, exit 1 and say why', async () => {
  const refused = async (inputs: string[], output: string, extra: string[], why: RegExp): Promise<void> => {
    const args = ['mr', 'run', '--code', example('posts-per-user.mjs'), ...inputs.flatMap(i => ['--input', i]), '--output', output, ...extra]
    const result = await shoal(args, { home: swarm.home })
    assert.is(result.code, 1, `${args.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, why)
  }
  await Promise.all([
    refused(['kv:post_', '/books'], '/out/mixed', [], /a job reads DFS paths or kv: prefixes, not both \(here "\/books" and "kv:post_"\)/),
    refused(['kv:post_'], 'kv:stats/posts/', ['--force'], /--force does nothing for the kv: output "kv:stats\/posts\/"/),
    refused(['kv:post_'], 'kv:post_counts/', [], /the output "kv:post_counts\/" and the input "kv:post_" share keys/)
  ])
})

test('kv: reads every key; a task that failed on a worker goes to another before that one again: reduces that fail on two of the three peers all succeed within three attempts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-mr-retry-'))
  try {
    // A sandbox runs the module from <peer home>/worker/<job>/code.mjs; the peers' homes are <home>/local/peer-<i>.
    const module = join(dir, 'fails-on-two.mjs')
    await writeFile(module, `
      export function map (key, value, emit) { emit(key, 1) }
      export function reduce (key, values, emit) {
        if (/\\/peer-[01]\\//.test(import.meta.url)) throw new Error('this worker fails every reduce')
        emit(key, values.length)
      }`)
    const keys = (await scan('')).size
    // More reduces than workers: the first round puts some on the failing peers.
    const job = await run(module, ['kv:'], '/out/retried', ['--reducers', '6', '--max-attempts', '3'])
    assert.is(job.counters['map input records'], keys)
    const failed = job.failures.filter(f => f.type === 'reduce')
    assert.ok(failed.length > 0, 'some reduce failed')
    for (const { task } of failed) {
      const workers = failed.filter(f => f.task === task).map(f => f.worker)
      assert.is(new Set(workers).size, workers.length, `reduce ${task} failed twice on one worker: ${workers.join(', ')}`)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
