// MapReduce end to end on a real 3-peer swarm: every example of examples/
// gives exactly what the sequential runner gives for the same module and
// input, read in tiny chunks so that lines cross chunk and split boundaries;
// R reducers write R parts; maps and reduces run at once on different
// workers; an unchanged job run again is the stored job; a cancel stops one.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DfsClient } from '../src/client/dfs.js'
import type { Swarm } from '../src/client/swarm.js'
import { ROOT, shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'
import { inputsFromDirectory, partName, runSequential, type Input, type InputFormat } from './helpers/sequential-mr.js'

const KiB = 1024
const EXAMPLES = join(ROOT, 'examples')

let swarm: TestSwarm
let client: Swarm
let books: Input[]
let staff: Input[]

async function put (dfs: DfsClient, input: Input, chunkSize: number): Promise<void> {
  await dfs.put(input.path, (async function * () { yield input.bytes })(), { chunkSize, replicas: 2 })
}

test.before(async () => {
  swarm = await TestSwarm.up(3)
  await swarm.waitForLeaders('3 workers', s => s.peers.filter(p => p.state === 'alive' && p.roles.includes('worker')).length === 3, 30_000)
  client = await swarm.connect()
  const dfs = new DfsClient(client)
  books = await inputsFromDirectory(join(EXAMPLES, 'data', 'books'), '/books')
  staff = await inputsFromDirectory(join(EXAMPLES, 'data'), '/tables').then(all => all.filter(i => i.path.endsWith('.csv')))
  // Tiny chunks of odd sizes: most lines cross a chunk boundary, many a split boundary.
  for (const input of books) await put(dfs, input, 1000)
  for (const input of staff) await put(dfs, input, 700)
})

test.after(async () => {
  await swarm?.[Symbol.asyncDispose]()
})

interface RunResult { code: number, job: { job: string, status: string, parts: string[], reused: boolean, counters: Record<string, number>, error: string } }

async function run (example: string, inputs: string[], output: string, reducers: number, extra: string[] = []): Promise<RunResult> {
  const args = ['mr', 'run', '--code', join(EXAMPLES, example), ...inputs.flatMap(i => ['--input', i]), '--output', output, '--reducers', String(reducers), '--split-size', `${3 * KiB}`, '--json', ...extra]
  const result = await shoal(args, { home: swarm.home, timeoutMs: 120_000 })
  assert.is(result.code, 0, `mr run ${example}: ${result.stderr}${result.stdout}\n${await swarm.peerLogs(8)}`)
  return { code: result.code, job: JSON.parse(result.stdout) }
}

async function cat (job: string): Promise<string> {
  const result = await shoal(['mr', 'cat', job], { home: swarm.home })
  assert.is(result.code, 0, result.stderr)
  return result.stdout
}

async function expectOracle (example: string, inputs: Input[], reducers: number, format: InputFormat = 'lines'): Promise<string> {
  return (await runSequential(join(EXAMPLES, example), inputs, { reducers, inputFormat: format })).join('')
}

for (const [example, reducers] of [['wordcount.mjs', 3], ['inverted-index.mjs', 2], ['grep.mjs', 1], ['sort.mjs', 3]] as const) {
  test(`${example} over the books in 1000-byte chunks, ${reducers} reducer${reducers === 1 ? '' : 's'}: exactly the sequential output`, async () => {
    const output = `/out/${example.replace('.mjs', '')}`
    const { job } = await run(example, ['/books'], output, reducers)
    assert.is(job.status, 'succeeded', job.error)
    assert.equal(job.parts, Array.from({ length: reducers }, (_, r) => `${output}/${partName(r)}`))
    const listing = await shoal(['dfs', 'ls', output], { home: swarm.home })
    assert.equal(listing.stdout.trim().split('\n'), job.parts.map(p => p.slice(output.length + 1)), 'R reducers wrote R parts, nothing else')
    const expected = await expectOracle(example, books, reducers)
    assert.ok(expected.length > 0)
    assert.is(await cat(job.job), expected)
    const records = books.reduce((sum, input) => sum + input.bytes.filter(b => b === 10).length, 0)
    assert.is(job.counters['map input records'], records + books.filter(i => i.bytes.at(-1) !== 10).length, 'every line read once')
  })
}

test('avg-salary.mjs (SELECT dept, AVG(salary) GROUP BY dept) over a CSV in 700-byte chunks: exactly the sequential output', async () => {
  const { job } = await run('avg-salary.mjs', ['/tables'], '/out/avg', 2)
  assert.is(job.status, 'succeeded', job.error)
  assert.is(await cat(job.job), await expectOracle('avg-salary.mjs', staff, 2))
})

test('the same job on the same input again is the stored job, run by no task; --force runs it again', async () => {
  const first = await run('wordcount.mjs', ['/books'], '/out/again', 2)
  const again = await run('wordcount.mjs', ['/books'], '/out/again', 2)
  assert.ok(again.job.reused)
  assert.is(again.job.job, first.job.job)
  assert.equal(again.job.counters, first.job.counters)
  const listed = JSON.parse((await shoal(['mr', 'ls', '--json'], { home: swarm.home })).stdout) as Array<{ job: string, failures: unknown[], failedAttempts: number }>
  assert.is(listed.filter(j => j.job === first.job.job).length, 1, 'no second job')
  assert.ok(listed.every(j => j.failures.length === 0 && Number.isInteger(j.failedAttempts)), 'ls counts failed attempts and leaves their reasons to status')
  const forced = await run('wordcount.mjs', ['/books'], '/out/again', 2, ['--force'])
  assert.not.ok(forced.job.reused)
  assert.is.not(forced.job.job, first.job.job)
  assert.is(await cat(forced.job.job), await cat(first.job.job))
})

test('map tasks run at once on different workers, and so do reduce tasks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-mr-spans-'))
  try {
    // Each record takes a few milliseconds; each reduce a few hundred. Every emit says when and in which process.
    const module = join(dir, 'spans.mjs')
    await writeFile(module, `
      const busy = ms => { const end = Date.now() + ms; while (Date.now() < end); }
      export function map (key, line, emit) { busy(3); emit('r' + (key.length % 2), [Date.now(), process.pid]) }
      export function reduce (key, values, emit) {
        const start = Date.now(); busy(400)
        emit(key, { start, end: Date.now(), pid: process.pid, maps: values })
      }`)
    const result = await shoal(['mr', 'run', '--code', module, '--input', '/books', '--output', '/out/spans', '--reducers', '2', '--split-size', `${3 * KiB}`, '--json'], { home: swarm.home, timeoutMs: 120_000 })
    assert.is(result.code, 0, result.stderr)
    const lines = (await cat(JSON.parse(result.stdout).job)).trim().split('\n').map(line => JSON.parse(line.split('\t')[1]) as { start: number, end: number, pid: number, maps: Array<[number, number]> })
    assert.is(lines.length, 2)
    const [a, b] = lines
    assert.is.not(a.pid, b.pid, 'the two reduces ran in different workers')
    assert.ok(a.start < b.end && b.start < a.end, `the reduces overlapped in time: ${JSON.stringify([a.start, a.end, b.start, b.end])}`)
    const spans = new Map<number, [number, number]>()
    for (const [time, pid] of [...a.maps, ...b.maps]) {
      const span = spans.get(pid) ?? [time, time]
      spans.set(pid, [Math.min(span[0], time), Math.max(span[1], time)])
    }
    assert.ok(spans.size >= 2, `maps ran in ${spans.size} worker process(es)`)
    const sorted = [...spans.values()].sort((x, y) => x[0] - y[0])
    assert.ok(sorted.some((span, i) => i > 0 && span[0] < sorted[i - 1][1]), `map spans overlap: ${JSON.stringify(sorted)}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('mr cancel stops a running job at once: its status is cancelled and no process of its code is left on any peer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-mr-cancel-'))
  try {
    const module = join(dir, 'slow.mjs')
    await writeFile(module, `
      export function map (key, line, emit) { const end = Date.now() + 200; while (Date.now() < end); emit(line, 1) }
      export function reduce (key, values, emit) { emit(key, values.length) }`)
    const started = await shoal(['mr', 'run', '--code', module, '--input', '/books', '--output', '/out/cancelled', '--split-size', `${3 * KiB}`, '--detach', '--json'], { home: swarm.home })
    assert.is(started.code, 0, started.stderr)
    const job = (JSON.parse(started.stdout) as { job: string }).job
    const runningMaps = async (): Promise<number> => {
      const found = await shoal(['mr', 'status', job, '--json'], { home: swarm.home })
      const maps = (JSON.parse(found.stdout) as { maps: { running: number } }).maps
      return maps.running
    }
    await waitFor('maps to be running', async () => await runningMaps() > 0, { timeoutMs: 30_000 })
    const cancelled = await shoal(['mr', 'cancel', job, '--json'], { home: swarm.home })
    assert.is(cancelled.code, 0, cancelled.stderr)
    assert.is((JSON.parse(cancelled.stdout) as { status: string }).status, 'cancelled')
    // Each sandbox of this job runs its module from <peer home>/worker/<job>/code.mjs.
    await waitFor('no process of the cancelled job on any peer', async () => !(await processesMentioning(join('worker', job))), { timeoutMs: 10_000 })
    const status = await shoal(['mr', 'status', job], { home: swarm.home })
    assert.match(status.stdout, /cancelled/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

/** Whether a running process's command line mentions `text`. */
async function processesMentioning (text: string): Promise<boolean> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) return true
  }
  return false
}

test.run()
