// MapReduce under faults, on a real 3-peer swarm started by `shoal up`: code
// that exits or stalls at random, a worker SIGKILLed mid-job, the master
// SIGKILLed mid-job, one slow worker that only a backup attempt gets past,
// and a re-run of a finished job. Every job's output must equal, byte for
// byte, the sequential oracle's for the same module and input, and its
// counters must show each task committed once.
//
// The job modules are word count with a fault hook that fires only where the
// module runs inside the swarm (its file is under a peer's home there), never
// in the oracle. A sandbox process serves many tasks of a job, one after
// another, each within one turn of its event loop: a hook armed by the first
// record and disarmed by setImmediate fires once per task call.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { JobSummary } from '../protocols/mr/mr.js'
import { DfsClient } from '../src/client/dfs.js'
import { MrClient } from '../src/client/mr.js'
import { Swarm, type SwarmStatus } from '../src/client/swarm.js'
import { shoal, startShoal } from './helpers/cli.js'
import { collect } from './helpers/dfs.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { readRecords, runSequential, type Input } from './helpers/sequential-mr.js'
import { waitFor } from './helpers/wait.js'
import { seeded } from '../src/client/seeded.js'

const KiB = 1024
const CHUNK_SIZE = 2 * KiB
const OPTIONS = { reducers: 3, splitSize: 4 * KiB, maxAttempts: 20 }
const JOB_DEADLINE_MS = 60_000

let swarm: TestSwarm
let client: Swarm
let dfs: DfsClient
let mr: MrClient
let scratch = ''
const inputs: Input[] = []

test.before(async () => {
  await setUp().catch((err: unknown) => {
    // uvu reports nothing of a failed hook.
    console.error('setting up the swarm failed:', err)
    throw err
  })
})

async function setUp (): Promise<void> {
  scratch = await mkdtemp(join(tmpdir(), 'shoal-mr-faults-'))
  swarm = await TestSwarm.up(3)
  await everyPeerWorking()
  client = await Swarm.connect({ home: swarm.home })
  dfs = new DfsClient(client)
  mr = new MrClient(client, dfs)
  const random = seeded(20240611)
  inputs.push({ path: '/in/a.txt', bytes: text(random, 48 * KiB, '\n') }, { path: '/in/b.txt', bytes: text(random, 40 * KiB, '\r\n', false) })
  for (const { path, bytes } of inputs) await dfs.put(path, (async function * () { yield bytes })(), { chunkSize: CHUNK_SIZE })
}

test.after(async () => {
  await client?.close().catch(() => {})
  await swarm?.[Symbol.asyncDispose]()
  if (scratch !== '') await rm(scratch, { recursive: true, force: true })
})

// ---- input and modules ----

const WORDS = ['the', 'shoal', 'Fish', 'swims', 'über', 'naïve', 'café', '東京', 'map', 'reduce', 'chunk', 'split', 'a1', 'ÉTÉ', 'zeta', 'x']

/** About `size` bytes of lines of words and punctuation; some lines longer than a chunk, some empty. */
function text (random: () => number, size: number, newline: string, finalNewline = true): Uint8Array {
  const lines: string[] = []
  let bytes = 0
  while (bytes < size) {
    const shape = random()
    const words = shape < 0.1 ? 0 : shape < 0.15 ? 400 + Math.floor(random() * 300) : 1 + Math.floor(random() * 14)
    const line = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)] + (random() < 0.2 ? ',' : '')).join(' ')
    lines.push(line)
    bytes += Buffer.byteLength(line) + newline.length
  }
  return Buffer.from(lines.join(newline) + (finalNewline ? newline : ''))
}

/** Word count, with `hook` run at the first record of each map (and, with `reduceHook`, each reduce) task call inside the swarm. */
async function jobModule (name: string, hook: string, reduceHook = ''): Promise<string> {
  const path = join(scratch, `${name}.mjs`)
  await writeFile(path, `
const IN_SWARM = import.meta.url.includes(${JSON.stringify(swarm.home)})
const WORD = /[\\p{L}\\p{N}]+/gu
let armed = false
function firstOfTask () {
  if (!IN_SWARM || armed) return false
  armed = true
  setImmediate(() => { armed = false })
  return true
}
function busy (ms) { const until = Date.now() + ms; while (Date.now() < until) {} }
function sum (values) { let total = 0; for (const n of values) total += n; return total }
export function map (key, line, emit) {
  if (firstOfTask()) { ${hook} }
  for (const word of line.match(WORD) ?? []) emit(word.toLowerCase(), 1)
}
export function combine (word, counts, emit) { emit(word, sum(counts)) }
export function reduce (word, counts, emit) {
  if (firstOfTask()) { ${reduceHook} }
  emit(word, sum(counts))
}
`)
  return path
}

// Exits or stalls (until the task timeout) on about a third of task calls.
const FLAKY = 'const roll = Math.random(); if (roll < 1 / 6) process.exit(7); if (roll < 1 / 3) for (;;) {}'

// ---- helpers ----

/** A council of 3, and all 3 peers alive serving chunks and running tasks. */
async function everyPeerWorking (): Promise<SwarmStatus> {
  let last: SwarmStatus | undefined
  try {
    return await swarm.waitForLeaders('a council of 3 and 3 live workers', s => {
      last = s
      return s.council.length === 3 && s.peers.filter(p => p.state === 'alive' && p.roles.includes('worker') && p.roles.includes('chunkserver')).length === 3
    }, 30_000)
  } catch (err) {
    throw new Error(`${(err as Error).message}; last status: ${JSON.stringify(last)}\n${await swarm.peerLogs(30)}`)
  }
}

interface Expected { parts: Buffer[], records: number, pairs: number, lines: number }

async function oracle (module: string): Promise<Expected> {
  const parts = (await runSequential(module, inputs, { reducers: OPTIONS.reducers })).map(part => Buffer.from(part))
  const records = inputs.reduce((sum, input) => sum + readRecords(input).length, 0)
  const WORD = /[\p{L}\p{N}]+/gu
  const pairs = inputs.flatMap(input => readRecords(input)).reduce((sum, r) => sum + (r.value.match(WORD)?.length ?? 0), 0)
  const lines = parts.reduce((sum, part) => sum + part.toString().split('\n').length - 1, 0)
  return { parts, records, pairs, lines }
}

const counter = (job: JobSummary, name: string): number | undefined => job.counters.find(c => c.name === name)?.value

/** The job succeeded, its parts are the oracle's byte for byte, and its counters count each task once. */
async function assertExact (job: JobSummary, expected: Expected): Promise<void> {
  assert.is(job.status, 'succeeded', `job ${job.id}: ${job.error}`)
  assert.is(job.parts.length, OPTIONS.reducers)
  for (const [r, path] of job.parts.entries()) {
    const got = await collect(dfs.read(path))
    assert.ok(got.equals(expected.parts[r]), `${path}: ${got.length} bytes, the oracle's ${expected.parts[r].length}; equal: false`)
  }
  assert.is(counter(job, 'map input records'), expected.records, 'map input records: each map counted once')
  assert.is(counter(job, 'map output records'), expected.pairs, 'map output records: each map counted once')
  assert.is(counter(job, 'reduce output records'), expected.lines, 'reduce output records: each reduce counted once')
  assert.is(job.maps?.done, job.maps?.total)
  assert.is(job.reduces?.done, OPTIONS.reducers)
}

async function submit (module: string, output: string, options: Record<string, number> = {}): Promise<JobSummary> {
  const code = await mr.upload(module)
  return await mr.submit({ code, inputs: ['/in'], output, options: { ...OPTIONS, ...options } })
}

async function finished (job: string): Promise<JobSummary> {
  return await mr.wait(job, { signal: AbortSignal.timeout(JOB_DEADLINE_MS) })
}

/** Committed map attempts (`<task>.<attempt>`) on a peer's disk for `job`. */
async function mapsOnDisk (index: number, job: string): Promise<string[]> {
  const dir = join(swarm.file.peers[index].home, 'worker', job, 'map')
  return (await readdir(dir).catch(() => [])).filter(name => !name.endsWith('.partial'))
}

/**
 * Every failed attempt ran on the killed `peer`, or failed to reach it; and once an attempt found it gone, it got no
 * more (a few attempts may have been under way on it).
 */
function assertFailuresOnlyFrom (job: JobSummary, peer: string): void {
  const others = job.failures.filter(f => f.worker !== peer && !f.reason.includes(peer))
  assert.equal(others, [], 'no attempt failed but for the killed peer')
  const unanswered = job.failures.filter(f => f.reason.startsWith('UNREACHABLE'))
  assert.ok(unanswered.length <= 3, `${unanswered.length} attempts sent to the killed peer: ${unanswered.map(f => `${f.type} attempt ${f.attempt}`).join(', ')}`)
}

/** The kinds of failed attempt a job kept, each once. */
const describeFailures = (job: JobSummary): string => [...new Set(job.failures.map(f => `${f.type}: ${f.reason.split('\n')[0].replace(/[0-9]+ ms/, 'N ms').slice(0, 90)}`))].join('; ')

// ---- tests ----

test('code that exits or stalls on about a third of task calls: the exact output, failed attempts reported, each task committed once', async () => {
  const module = await jobModule('flaky', FLAKY, FLAKY)
  const expected = await oracle(module)
  const submitted = await submit(module, '/out/flaky', { taskTimeoutMs: 1500 })
  const job = await finished(submitted.id)
  console.log(`flaky: ${job.maps?.total} maps, ${job.reduces?.total} reduces, ${job.failures.length} failed attempts kept: ${describeFailures(job)}`)
  await assertExact(job, expected)
  assert.ok(job.failures.length > 0, 'the failed attempts are reported')
  assert.ok(job.failures.every(f => /exited with code 7|longer than its timeout/.test(f.reason)), describeFailures(job))
})

test('a re-run of the unchanged job returns the stored one without running a task; --force runs it again', async () => {
  const module = join(scratch, 'flaky.mjs')
  const expected = await oracle(module)
  const [listed] = (await mr.list()).filter(j => j.output === '/out/flaky')
  const before = await mr.status(listed.id)
  const args = ['mr', 'run', '--code', module, '--input', '/in', '--output', '/out/flaky', '--reducers', '3', '--split-size', '4KiB', '--task-timeout', '1500ms', '--max-attempts', '20', '--json']
  const again = await shoal(args, { home: swarm.home })
  assert.is(again.code, 0, again.stderr)
  const reused = JSON.parse(again.stdout)
  assert.is(reused.reused, true)
  assert.is(reused.job, before.id)
  assert.equal(reused.counters, Object.fromEntries(before.counters.map(c => [c.name, c.value])))
  assert.equal(reused.failures, before.failures)
  assert.is((await mr.list()).length, 1, 'no new job')
  assert.equal(await mr.status(before.id), before, 'the stored job is unchanged: no attempt ran')

  const forced = await shoal([...args, '--force'], { home: swarm.home, timeoutMs: JOB_DEADLINE_MS })
  assert.is(forced.code, 0, forced.stderr)
  const rerun = JSON.parse(forced.stdout)
  assert.is(rerun.reused, false)
  assert.is.not(rerun.job, before.id)
  assert.is((await mr.list()).length, 2)
  await assertExact(await mr.status(rerun.job), expected)
})

test('one slow worker: a backup attempt finishes its map, which commits once', async () => {
  // Every peer alive in the master's view, and every map a little busy, so that the slow worker takes a map before the
  // others have done them all.
  const { master } = await everyPeerWorking()
  const slow = swarm.file.peers.findIndex(p => p.id !== master!.id)
  const module = await jobModule('slow-worker', `busy(import.meta.url.includes(${JSON.stringify(swarm.file.peers[slow].home + '/')}) ? 20_000 : 100)`)
  const expected = await oracle(module)
  const submitted = await submit(module, '/out/slow-worker', { taskTimeoutMs: 60_000 })
  const job = await finished(submitted.id)
  await assertExact(job, expected)
  assert.is(job.failures.length, 0, describeFailures(job))
  // Whichever peer was master when the straggler was seen backed it up.
  const logs = await Promise.all(swarm.file.peers.map(async p => await readFile(join(p.home, 'peer.log'), 'utf8')))
  const lines = logs.flatMap(log => log.split('\n')).filter(line => line.includes(job.id))
  const backups = lines.filter(line => line.includes('backing up map'))
  assert.ok(backups.some(line => line.includes(swarm.file.peers[slow].id)), `a map on the slow worker ${swarm.file.peers[slow].id} was backed up; the peers' lines on the job:\n${lines.join('\n')}`)
  assert.ok((job.finished - job.submitted) < 20_000, 'the job did not wait for the slow worker')
})

test('a worker SIGKILLed mid-job: the exact output; its finished maps run again', async () => {
  const { master } = await everyPeerWorking()
  const victim = swarm.file.peers.findIndex(p => p.id !== master!.id)
  const module = await jobModule('kill-worker', 'busy(300)')
  const expected = await oracle(module)
  const submitted = await submit(module, '/out/kill-worker', { taskTimeoutMs: 30_000 })
  const victimMaps = await waitFor('a map finished on the victim', async () => {
    const done = await mapsOnDisk(victim, submitted.id)
    return done.length > 0 ? done : undefined
  }, { timeoutMs: 20_000, intervalMs: 20 })
  const atKill = await mr.status(submitted.id)
  swarm.kill(victim)
  await swarm.waitForExit(victim)
  assert.ok(atKill.maps!.done < atKill.maps!.total, 'the kill lands in the map phase')
  const job = await finished(submitted.id)
  console.log(`kill-worker: killed with ${victimMaps.length} maps done on it, ${atKill.maps!.done}/${atKill.maps!.total} in all; failed attempts: ${describeFailures(job)}`)
  // No reducer ran before the kill, so the output of the maps the victim had finished went with it: an exact output
  // means they ran again, and exact counters that they count once.
  await assertExact(job, expected)
  assertFailuresOnlyFrom(job, swarm.file.peers[victim].id)
})

/**
 * With every peer up again, runs `module` with `mr run`, SIGKILLs the master once `killWhen` holds for the job, and
 * checks the job completes under the new master with the exact output, `mr run` following it there.
 */
async function killMasterDuring (name: string, module: string, killWhen: (job: JobSummary) => boolean): Promise<void> {
  await swarm.upAgain()
  const { master } = await everyPeerWorking()
  const expected = await oracle(module)
  const output = `/out/${name}`
  const run = startShoal(['mr', 'run', '--code', module, '--input', '/in', '--output', output, '--reducers', '3', '--split-size', '4KiB', '--task-timeout', '30s', '--max-attempts', '20', '--json'],
    { home: swarm.home, timeoutMs: JOB_DEADLINE_MS })
  try {
    const atKill = await waitFor(`${name}: the moment to kill the master`, async () => {
      const job = (await mr.list()).find(j => j.output === output)
      return job !== undefined && killWhen(job) ? job : undefined
    }, { timeoutMs: 20_000, intervalMs: 20 })
    swarm.kill(swarm.peerIndex(master!.id))
    await swarm.waitForExit(swarm.peerIndex(master!.id))
    assert.is(atKill.status, 'running')
    const after = await swarm.waitForLeaders('a new master', s => s.master!.id !== master!.id, 30_000)
    const result = await run.result
    assert.is(result.code, 0, result.stderr)
    const printed = JSON.parse(result.stdout)
    assert.is(printed.job, atKill.id)
    assert.is(printed.status, 'succeeded')
    const job = await mr.status(atKill.id)
    console.log(`${name}: master ${master!.id.slice(-8)} -> ${after.master!.id.slice(-8)} at maps ${atKill.maps!.done}/${atKill.maps!.total}, reduces ${atKill.reduces!.done}/${atKill.reduces!.total}; failed attempts: ${describeFailures(job)}`)
    await assertExact(job, expected)
    assertFailuresOnlyFrom(job, master!.id)
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL')
  }
}

test('the master SIGKILLed while maps run: the job completes under the new master, and mr run follows it there', async () => {
  await killMasterDuring('kill-master-maps', await jobModule('kill-master-maps', 'busy(300)'), job => job.maps!.done >= 3)
})

test('the master SIGKILLed while reduces run: the same', async () => {
  await killMasterDuring('kill-master-reduces', await jobModule('kill-master-reduces', '', 'busy(1500)'),
    job => job.maps!.done === job.maps!.total && job.reduces!.done < job.reduces!.total && job.reduces!.running > 0)
})

test.run()
