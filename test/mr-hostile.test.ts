// MapReduce against hostile code and bad input, on a real 3-peer swarm
// started by `shoal up`, every job run through the real CLI. Each hostile
// module fails its job (exit 2) with a reason that names what it did, and
// harms nothing: no file written, no process started, no connection made,
// every peer still the same process, no sandbox left running, and a word
// count on the same swarm still equals the sequential oracle's. Bad input is
// refused before any job runs (exit 1, a clear message on stderr).
import { createServer, type Server } from 'node:net'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DfsClient } from '../src/client/dfs.js'
import { MrClient } from '../src/client/mr.js'
import { isPeerProcess } from '../src/client/local-swarm.js'
import { ROOT, shoal, type CliResult } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { inputsFromDirectory, runSequential } from './helpers/sequential-mr.js'
import { waitFor } from './helpers/wait.js'

const INPUT = '/hostile/input.txt'
const BOOKS = join(ROOT, 'examples', 'data', 'books')
const WORDCOUNT = join(ROOT, 'examples', 'wordcount.mjs')
const MiB = 1024 * 1024

let swarm: TestSwarm
let dfs: DfsClient
let mr: MrClient
let scratch: string
let pids: number[]
/** A TCP server no job may reach, and the connections it got. */
let listener: Server
let connections = 0

/** The hostile jobs, started together once the swarm is up; each test below awaits its own. */
const runs = new Map<string, Promise<CliResult>>()

interface Hostile {
  name: string
  source: () => string
  flags?: string[]
  /** The task timeout: long enough that only an endless loop meets it. */
  timeout?: string
  /** What the job's failure reason must say. */
  reason: RegExp
}

const REDUCE = 'export function reduce () {}\n'
/** Node's permission model refusing the API, named by the flag that would allow it. */
const denied = (flag: string): RegExp => new RegExp(`Access to this API has been restricted\\. Use --allow-${flag}`)
// A bomb that the limits failed to stop ends by itself (about 2 GiB), and its job then succeeds: the test fails, the machine does not.
const HEAP_BOMB = 'const held = []; for (let i = 0; i < 2 ** 25; i++) held.push([i])'
const BUFFER_BOMB = `const held = []; for (let i = 0; i < 32; i++) held.push(Buffer.alloc(${64 * MiB}, 1))`
const trace = (name: string): string => join(scratch, name)

const HOSTILE: Hostile[] = [
  { name: 'an endless loop in map', source: () => `export function map () { for (;;) {} }\n${REDUCE}`, timeout: '3s', reason: /longer than its timeout of 3000 ms/ },
  { name: 'an endless loop while the module loads', source: () => `for (;;) {}\nexport function map () {}\n${REDUCE}`, timeout: '3s', reason: /did not load within the task timeout of 3000 ms/ },
  { name: 'a JS heap bomb', source: () => `export function map () { ${HEAP_BOMB} }\n${REDUCE}`, flags: ['--task-memory', '64MiB'], reason: /ran out of memory \(heap limit 64 MiB\)/ },
  { name: 'a Buffer bomb', source: () => `export function map () { ${BUFFER_BOMB} }\n${REDUCE}`, flags: ['--task-memory', '64MiB'], reason: /used \d+ MiB of memory; its limit is 320 MiB/ },
  { name: 'a Buffer bomb while the module loads', source: () => `${BUFFER_BOMB}\nexport function map () {}\n${REDUCE}`, flags: ['--task-memory', '64MiB'], reason: /used \d+ MiB of memory; its limit is 320 MiB/ },
  {
    name: 'a file write',
    source: () => `import { writeFileSync } from 'node:fs'\nexport function map () { writeFileSync(${JSON.stringify(trace('written'))}, 'x') }\n${REDUCE}`,
    reason: denied('fs-write')
  },
  {
    name: 'child_process',
    source: () => `import { execSync } from 'node:child_process'\nexport function map () { execSync(${JSON.stringify(`touch ${trace('touched')}`)}) }\n${REDUCE}`,
    reason: denied('child-process')
  },
  {
    name: 'a network connection',
    source: () => `import { connect } from 'node:net'
export async function map () {
  await new Promise((resolve, reject) => { connect(${(listener.address() as { port: number }).port}, '127.0.0.1', resolve).on('error', reject) })
}
${REDUCE}`,
    reason: denied('net')
  },
  { name: 'eval', source: () => `export function map (key, value, emit) { emit(key, eval('1 + 1')) }\n${REDUCE}`, reason: /EvalError: Code generation from strings disallowed/ },
  { name: 'new Function', source: () => `export function map (key, value, emit) { emit(key, new Function('return 1')()) }\n${REDUCE}`, reason: /EvalError: Code generation from strings disallowed/ },
  { name: 'process.kill of its worker', source: () => `export function map () { process.kill(process.ppid, 'SIGKILL') }\n${REDUCE}`, reason: /process\.kill is not allowed/ },
  { name: 'process.exit', source: () => `export function map () { process.exit(3) }\n${REDUCE}`, reason: /process exited with code 3/ },
  { name: 'a syntax error', source: () => `export function map (key, value, emit) { emit(key, }\n${REDUCE}`, reason: /did not load: SyntaxError/ },
  { name: 'a module without map', source: () => REDUCE, reason: /exports no map function/ }
]

/** `shoal mr run` on this swarm, as a user runs it. */
async function mrRun (args: string[]): Promise<CliResult> {
  return await shoal(['mr', 'run', ...args], { home: swarm.home, timeoutMs: 60_000 })
}

function json (result: CliResult): any {
  try {
    return JSON.parse(result.stdout)
  } catch {
    assert.unreachable(`not JSON (exit ${result.code}): ${result.stdout}${result.stderr}`)
  }
}

/** The outputs of every job the swarm has run or runs. */
async function jobOutputs (): Promise<string[]> {
  return (await mr.list()).map(job => job.output)
}

/** The sandboxed processes still running jobs of this swarm's peers. */
async function sandboxes (): Promise<number[]> {
  const found: number[] = []
  for (const pid of await readdir('/proc')) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes('sandbox-child.mjs') && cmdline.includes(swarm.home)) found.push(Number(pid))
  }
  return found
}

test.before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'shoal-mr-hostile-'))
  listener = createServer(socket => {
    connections++
    socket.destroy()
  })
  await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve))
  swarm = await TestSwarm.up(3)
  await swarm.waitForLeaders('3 live peers serving chunks', s =>
    s.peers.length === 3 && s.peers.every(p => p.state === 'alive' && p.roles.includes('chunkserver')), 30_000)
  pids = swarm.file.peers.map(p => p.pid)
  dfs = new DfsClient(await swarm.connect())
  mr = new MrClient(await swarm.connect(), dfs)
  await dfs.put(INPUT, (async function * () { yield Buffer.from('one line\nand another\n') })())
  for (const [i, hostile] of HOSTILE.entries()) {
    const code = join(scratch, `hostile-${i}.mjs`)
    await writeFile(code, hostile.source())
    runs.set(hostile.name, mrRun(['--code', code, '--input', INPUT, '--output', `/hostile/out-${i}`, '--json', '--max-attempts', '1', '--task-timeout', hostile.timeout ?? '20s', ...hostile.flags ?? []]))
  }
})

test.after(async () => {
  await Promise.allSettled(runs.values())
  await swarm?.[Symbol.asyncDispose]()
  await new Promise(resolve => listener?.close(resolve))
  await rm(scratch, { recursive: true, force: true })
})

for (const hostile of HOSTILE) {
  test(`hostile code: ${hostile.name} fails its job (exit 2) and says why`, async () => {
    const result = await runs.get(hostile.name)!
    const job = json(result)
    assert.is(result.code, 2, `exit code (${hostile.name}): ${result.stdout}${result.stderr}`)
    assert.is(job.status, 'failed')
    assert.match(job.error, hostile.reason, `the reason: ${job.error as string}`)
    assert.match(job.error, /^map task 0 \([0-9a-f]+\) failed 1 time; the last: /)
  })
}

test('what the hostile code tried left no trace: no file written, no command run, no connection made', () => {
  assert.not.ok(existsSync(trace('written')), 'the denied write wrote nothing')
  assert.not.ok(existsSync(trace('touched')), 'the denied child process did not run')
  assert.is(connections, 0, 'the TCP server never got a connection')
})

test('after the hostile jobs: the same 3 peer processes, all alive; no sandbox left; word count equals the oracle', async () => {
  for (const [i, peer] of swarm.file.peers.entries()) {
    assert.ok(await isPeerProcess(pids[i], peer.home), `peer ${i} is still the process it was at the start (pid ${pids[i]})`)
  }
  const status = await swarm.status()
  assert.equal(status.peers.map(p => [p.id, p.state]).sort(), swarm.file.peers.map(p => [p.id, 'alive']).sort())
  await waitFor('every sandbox of the finished jobs to end', async () => (await sandboxes()).length === 0, { timeoutMs: 10_000 })

  const books = await inputsFromDirectory(BOOKS, '/books')
  for (const book of books) await dfs.put(book.path, (async function * () { yield book.bytes })())
  const result = await mrRun(['--code', WORDCOUNT, '--input', '/books', '--output', '/out/wc', '--reducers', '2', '--json'])
  assert.is(result.code, 0, result.stderr)
  const job = json(result)
  assert.is(job.status, 'succeeded')
  const expected = await runSequential(WORDCOUNT, books, { reducers: 2 })
  assert.is(job.parts.length, 2)
  for (const [r, part] of (job.parts as string[]).entries()) {
    const chunks: Uint8Array[] = []
    for await (const chunk of dfs.read(part)) chunks.push(chunk)
    assert.is(Buffer.concat(chunks).toString(), expected[r], `${part} equals the oracle's`)
  }
})

// ---- bad input: exit 1, a clear message on stderr, no job ----

test('bad input: a missing input path', async () => {
  const result = await mrRun(['--code', WORDCOUNT, '--input', '/no/such/input', '--output', '/out/missing'])
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, /no such input path \/no\/such\/input/)
  assert.not.ok((await jobOutputs()).includes('/out/missing'), 'no job')
})

test('bad input: an output that exists, without --force; with --force the job runs', async () => {
  await dfs.mkdir('/out/taken', { parents: true })
  const refused = await mrRun(['--code', WORDCOUNT, '--input', INPUT, '--output', '/out/taken'])
  assert.is(refused.code, 1, refused.stderr)
  assert.match(refused.stderr, /\/out\/taken exists; replace it with --force/)
  assert.not.ok((await jobOutputs()).includes('/out/taken'), 'no job')
  const forced = await mrRun(['--code', WORDCOUNT, '--input', INPUT, '--output', '/out/taken', '--force', '--json'])
  assert.is(forced.code, 0, forced.stderr)
  assert.is(json(forced).status, 'succeeded')
})

test('bad input: zero reducers', async () => {
  const result = await mrRun(['--code', WORDCOUNT, '--input', INPUT, '--output', '/out/zero', '--reducers', '0'])
  assert.is(result.code, 1, result.stderr)
  assert.match(result.stderr, /--reducers[\s\S]*greater than or equal to 1 but received: 0/)
  assert.not.ok((await jobOutputs()).includes('/out/zero'), 'no job')
})

test('bad input: a code file that does not exist, as a relative or an absolute local path', async () => {
  const relative = await shoal(['mr', 'run', '--code', 'missing-job.mjs', '--input', INPUT, '--output', '/out/nocode'], { home: swarm.home, cwd: scratch })
  assert.is(relative.code, 1, relative.stderr)
  assert.match(relative.stderr, /no such code file missing-job\.mjs/)
  const absolute = await mrRun(['--code', join(scratch, 'missing-job.mjs'), '--input', INPUT, '--output', '/out/nocode'])
  assert.is(absolute.code, 1, absolute.stderr)
  assert.match(absolute.stderr, /no such code file .*missing-job\.mjs/)
  assert.not.ok((await jobOutputs()).includes('/out/nocode'), 'no job')
})

test.run()
