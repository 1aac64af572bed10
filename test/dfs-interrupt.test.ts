// Ctrl-C during a large `shoal dfs put` or `get`, run as a user runs them: the
// command ends at once with 130, the put never shows in the namespace, the get
// leaves no file behind, and no peer logs an error for the transfers cut off.
import type { ChildProcess } from 'node:child_process'
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { LocalFile } from '../src/client/chunker.js'
import { DfsClient } from '../src/client/dfs.js'
import { shoal, startShoal } from './helpers/cli.js'
import { randomFile, settled } from './helpers/dfs.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { rejects } from './helpers/rejects.js'
import { waitFor } from './helpers/wait.js'

const MiB = 1024 * 1024
const FILE_BYTES = 256 * MiB
/** Bytes moved before the Ctrl-C: well into the transfer, far from its end. */
const UNDER_WAY_BYTES = 24 * MiB
/** An interrupted command has ended within this. */
const EXIT_DEADLINE_MS = 5_000

/** Bytes a process has read so far, files and sockets alike (/proc/<pid>/io). */
async function bytesRead (child: ChildProcess): Promise<number> {
  const io = await readFile(`/proc/${child.pid}/io`, 'utf8')
  return Number(/^rchar: (\d+)$/m.exec(io)?.[1] ?? 0)
}

/** Sends Ctrl-C's signal and waits for the command to end at once; resolves with its exit code. */
async function interrupt (run: { child: ChildProcess, result: Promise<{ code: number, stderr: string }> }): Promise<{ code: number, stderr: string }> {
  run.child.kill('SIGINT')
  await waitFor('the command to end after SIGINT', () => run.child.exitCode !== null || run.child.signalCode !== null, { timeoutMs: EXIT_DEADLINE_MS, intervalMs: 10 })
  return await run.result
}

/** Every line of the peers' logs that reports an error. */
async function errorLines (swarm: TestSwarm): Promise<string[]> {
  const logs = await Promise.all(swarm.file.peers.map(async p => await readFile(join(p.home, 'peer.log'), 'utf8')))
  return logs.flatMap(log => log.split('\n').filter(line => /error|exception/i.test(line)))
}

async function listed (swarm: TestSwarm, dir: string): Promise<string[]> {
  const result = await shoal(['dfs', 'ls', dir, '--json'], { home: swarm.home })
  assert.is(result.code, 0, `dfs ls failed: ${result.stderr}`)
  return (JSON.parse(result.stdout) as Array<{ name: string }>).map(e => e.name)
}

test('Ctrl-C during a large put and a large get: exit 130, nothing partial in the namespace or on disk, no error in any peer log; the library\'s signal the same', async () => {
  await using swarm = await TestSwarm.up(3)
  await settled(swarm)
  const source = join(swarm.home, 'source.bin')
  await randomFile(source, FILE_BYTES)
  const errorsBefore = await errorLines(swarm)

  const put = startShoal(['dfs', 'put', source, '/fresh/dir/interrupted.bin'], { home: swarm.home, timeoutMs: 120_000 })
  await waitFor('the put to be under way', async () => await bytesRead(put.child) > UNDER_WAY_BYTES, { timeoutMs: 30_000, intervalMs: 20 })
  const putResult = await interrupt(put)
  assert.is(putResult.code, 130, `put exit: ${putResult.stderr}`)
  assert.not.ok((await listed(swarm, '/')).includes('fresh'), 'the interrupted put is not visible, nor the directories it would have made')

  const whole = await shoal(['dfs', 'put', source, '/whole.bin'], { home: swarm.home, timeoutMs: 120_000 })
  assert.is(whole.code, 0, `put failed: ${whole.stderr}`)
  const out = join(swarm.home, 'out')
  await mkdir(out)
  const get = startShoal(['dfs', 'get', '/whole.bin', join(out, 'whole.bin')], { home: swarm.home, cwd: swarm.home, timeoutMs: 120_000 })
  await waitFor('the get to be under way', async () => {
    const written = await stat(join(out, 'whole.bin.shoal-partial')).catch(() => undefined)
    return written !== undefined && written.size > UNDER_WAY_BYTES
  }, { timeoutMs: 30_000, intervalMs: 20 })
  const getResult = await interrupt(get)
  assert.is(getResult.code, 130, `get exit: ${getResult.stderr}`)
  assert.equal(await readdir(out), [], 'no output file, whole or partial')

  // The library the same way: a signal aborted mid-put and mid-read stops each at once.
  const dfs = new DfsClient(await swarm.connect())
  const stopPut = new AbortController()
  let sent = 0
  const abortedPut = dfs.put('/aborted.bin', new LocalFile(source), { signal: stopPut.signal, onProgress: bytes => { if ((sent += bytes) >= UNDER_WAY_BYTES) stopPut.abort() } })
  await rejects(abortedPut, err => err.name === 'AbortError')
  assert.not.ok((await dfs.list('/')).some(e => e.name === 'aborted.bin'), 'the aborted put is not visible')
  const stopRead = new AbortController()
  let read = 0
  await rejects((async () => {
    for await (const piece of dfs.read('/whole.bin', { signal: stopRead.signal })) if ((read += piece.length) >= UNDER_WAY_BYTES) stopRead.abort()
  })(), err => err.name === 'AbortError')

  assert.equal(await errorLines(swarm), errorsBefore, 'no peer logged an error')
})

test.run()
