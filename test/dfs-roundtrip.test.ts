// The DFS through the real CLI on 3 real peer processes: byte-identical round
// trips of the sizes that break chunking, stdin and stdout, ranged reads, the
// namespace commands, a put that dies before it commits (its chunks
// collected as orphans, while a slow put keeps its own), and bad input.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { chunkId } from '../protocols/dfs/chunk-id.js'
import { getChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { DfsClient, type FileStat } from '../src/client/dfs.js'
import { downloadPieces, piecesOf } from '../src/client/dfs-download.js'
import { Swarm } from '../src/client/swarm.js'
import { SHOAL_BIN, shoal, tempHome, type CliResult } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { rejects } from './helpers/rejects.js'
import { waitFor } from './helpers/wait.js'

const KiB = 1024
const MiB = 1024 * KiB
// Short holds and orphan grace for this swarm's peers: a dead put's chunks go within seconds.
process.env.SHOAL_HOLD_MS = '3000'
process.env.SHOAL_ORPHAN_GRACE_MS = '3000'

let swarm: TestSwarm
let work: Awaited<ReturnType<typeof tempHome>>
let client: Swarm

async function dfs (args: string[], input?: Uint8Array): Promise<CliResult> {
  return await shoal(['dfs', ...args], { home: swarm.home, input, timeoutMs: 120_000 })
}

async function ok (args: string[], input?: Uint8Array): Promise<CliResult> {
  const result = await dfs(args, input)
  assert.is(result.code, 0, `shoal dfs ${args.join(' ')} failed: ${result.stderr}`)
  return result
}

async function local (name: string, bytes: Uint8Array): Promise<string> {
  const path = join(work.path, name)
  await writeFile(path, bytes)
  return path
}

async function statFile (path: string): Promise<FileStat> {
  const info = await dfsClient().stat(path)
  if (info.type !== 'file') throw new Error(`${path} is not a file`)
  return info
}

async function listing (path = '/'): Promise<unknown> {
  return JSON.parse((await ok(['ls', path, '-l', '--json'])).stdout)
}

/** Puts from a file and from stdin, gets to a file and to stdout (each pair at once): all must give back `bytes`. */
async function roundTrip (name: string, bytes: Uint8Array, flags: string[] = []): Promise<FileStat> {
  const source = await local(name, bytes)
  await Promise.all([ok(['put', source, `/rt/${name}`, ...flags]), ok(['put', '-', `/rt/${name}.stdin`, ...flags], bytes)])
  const target = join(work.path, `${name}.out`)
  const [, piped] = await Promise.all([ok(['get', `/rt/${name}`, target]), ok(['get', `/rt/${name}.stdin`, '-'])])
  assert.ok(Buffer.from(bytes).equals(await readFile(target)), `${name}: get to a file differs`)
  assert.ok(Buffer.from(bytes).equals(piped.stdoutBytes), `${name}: get to stdout differs`)
  const stat = await statFile(`/rt/${name}`)
  assert.equal((await statFile(`/rt/${name}.stdin`)).chunks.map(c => c.cid), stat.chunks.map(c => c.cid), 'the same bytes make the same chunks')
  assert.is(stat.size, bytes.length)
  assert.is(stat.chunks.reduce((sum, c) => sum + c.size, 0), bytes.length)
  for (const chunk of stat.chunks) {
    assert.is(chunk.replicas.length, stat.replicas, `chunk ${chunk.cid} has its full factor`)
    assert.ok(chunk.replicas.every(r => r.state === 'alive'))
  }
  return stat
}

async function readAll (path: string, options: { offset?: number, length?: number } = {}): Promise<Buffer> {
  const pieces: Uint8Array[] = []
  for await (const piece of dfsClient().read(path, options)) pieces.push(piece)
  return Buffer.concat(pieces)
}

function dfsClient (): DfsClient {
  return new DfsClient(client)
}

test.before(async () => {
  work = await tempHome('shoal-dfs-work-')
  swarm = await TestSwarm.up(3)
  client = await Swarm.connect({ home: swarm.home })
  await swarm.waitForLeaders('all 3 chunk servers in the master\'s view', s => s.peers.filter(p => p.roles.includes('chunkserver') && p.state === 'alive').length === 3)
})

test.after(async () => {
  await client?.close()
  await swarm?.[Symbol.asyncDispose]()
  await work?.[Symbol.asyncDispose]()
})

test('an empty file round-trips and has no chunks', async () => {
  const stat = await roundTrip('empty', new Uint8Array(0))
  assert.equal(stat.chunks, [])
  assert.is(stat.chunkSize, 4 * MiB)
  assert.is(stat.replicas, 2)
})

test('1 byte, exactly one chunk, and one chunk plus a byte round-trip', async () => {
  const [one, exact, plus] = await Promise.all([
    roundTrip('one-byte', randomBytes(1), ['--chunk-size', '64KiB']),
    roundTrip('one-chunk', randomBytes(64 * KiB), ['--chunk-size', '64KiB']),
    roundTrip('chunk-plus-one', randomBytes(64 * KiB + 1), ['--chunk-size', '64KiB'])
  ])
  assert.equal(one.chunks.map(c => c.size), [1])
  assert.equal(exact.chunks.map(c => c.size), [64 * KiB])
  assert.equal(plus.chunks.map(c => c.size), [64 * KiB, 1])
})

test('8-byte chunks with replication 2 round-trip', async () => {
  const bytes = randomBytes(8 * 100 + 5)
  const stat = await roundTrip('tiny-chunks', bytes, ['--chunk-size', '8', '--replicas', '2'])
  assert.is(stat.chunkSize, 8)
  assert.is(stat.chunks.length, 101)
  assert.is(stat.chunks[0].cid, await chunkId(bytes.subarray(0, 8)))
})

test('a 100 MiB file round-trips', async () => {
  const bytes = randomBytes(100 * MiB)
  const source = await local('big', bytes)
  await ok(['put', source, '/rt/big'])
  const target = join(work.path, 'big.out')
  await ok(['get', '/rt/big', target])
  assert.ok(bytes.equals(await readFile(target)), 'the 100 MiB file came back different')
  const stat = await statFile('/rt/big')
  assert.is(stat.chunks.length, 25)
  assert.ok(stat.chunks.every(c => c.replicas.length === 2))
})

test('cat reads any byte range, and only its chunks', async () => {
  const bytes = randomBytes(10 * 1000)
  await dfsClient().put('/rt/ranged', (async function * () { yield bytes })(), { chunkSize: 1000 })
  for (const [offset, length] of [[0, 1], [999, 2], [1500, 3000], [9999, 50], [0, 10_000], [10_000, 5]]) {
    assert.ok((await readAll('/rt/ranged', { offset, length })).equals(bytes.subarray(offset, offset + length)), `read at ${offset} of ${length}`)
  }
  const [ranged, tail] = await Promise.all([
    ok(['cat', '/rt/ranged', '--offset', '1500', '--length', '3000']),
    ok(['cat', '/rt/ranged', '--offset', '9000'])
  ])
  assert.ok(ranged.stdoutBytes.equals(bytes.subarray(1500, 4500)))
  assert.ok(tail.stdoutBytes.equals(bytes.subarray(9000)))
})

test('mkdir, ls -l, mv and rm shape the namespace', async () => {
  const dfs = dfsClient()
  await dfs.mkdir('/ns')
  await dfs.mkdir('/ns/a/b', { parents: true })
  await dfs.put('/ns/a/b/f', (async function * () { yield Buffer.from('hello') })())
  assert.equal(await dfs.list('/ns/a'), [{ name: 'b', type: 'dir', entries: 1 }])
  const [[file], short] = await Promise.all([listing('/ns/a/b') as Promise<Array<Record<string, unknown>>>, ok(['ls', '/ns/a/b'])])
  assert.equal({ ...file, mtime: 0 }, { name: 'f', type: 'file', size: 5, chunkSize: 4 * MiB, replicas: 2, mtime: 0, chunks: 1 })
  assert.is(short.stdout, 'f\n')
  await dfs.move('/ns/a/b/f', '/ns/g')
  assert.is((await readAll('/ns/g')).toString(), 'hello')
  await rejects(dfs.stat('/ns/a/b/f'), /no such file/)
  await rejects(dfs.remove('/ns/a'), /not empty/)
  assert.is(await dfs.remove('/ns/a', { recursive: true }), 0)
  assert.equal((await dfs.list('/ns')).map(e => e.name), ['g'])
})

/** A CLI put from stdin, given `first` and kept open: it stores chunks but cannot commit. */
function startPut (path: string, first: Uint8Array): { child: ReturnType<typeof spawn>, exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SHOAL_BIN, 'dfs', 'put', '-', path, '--chunk-size', '64KiB'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, SHOAL_HOME: swarm.home }
  })
  const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
  child.stdin?.write(first)
  return { child, exited }
}

/** The peers that hold `cid`, asked directly. */
async function holdersOf (cid: string): Promise<string[]> {
  const held = await Promise.all(swarm.file.peers.map(async peer => await getChunk(client.node, serverAddrs({ id: peer.id, addrs: peer.addrs }), { cid, offset: 0, length: 0, whole: true }).then(() => true, () => false)))
  return swarm.file.peers.filter((_, i) => held[i]).map(peer => peer.id)
}

test('a put is invisible until it commits; one killed midway leaves no file and its chunks are collected, while a slow put renews its own', async () => {
  const chunkSize = 64 * KiB
  const [slow, killed] = [randomBytes(4 * chunkSize), randomBytes(4 * chunkSize)]
  const slowPut = startPut('/rt/slow', slow.subarray(0, 2 * chunkSize))
  let killedPut: ReturnType<typeof startPut> | undefined
  try {
    const slowFirst = await chunkId(slow.subarray(0, chunkSize))
    await waitFor('the slow put\'s first chunk stored', async () => (await holdersOf(slowFirst)).length > 0, { timeoutMs: 30_000 })
    killedPut = startPut('/rt/killed', killed.subarray(0, 2 * chunkSize))
    const killedFirst = await chunkId(killed.subarray(0, chunkSize))
    await waitFor('the killed put\'s first chunk stored', async () => (await holdersOf(killedFirst)).length > 0, { timeoutMs: 30_000 })
    await rejects(dfsClient().stat('/rt/killed'), /no such file/)
    killedPut.child.kill('SIGKILL')
    await killedPut.exited
    await rejects(dfsClient().stat('/rt/killed'), /no such file/)
    assert.not.ok((await dfsClient().list('/rt')).some(e => e.name === 'killed'), 'a killed put left a visible file')
    // Its holds lapse (SHOAL_HOLD_MS) and, orphaned for the grace period, its chunks go.
    await waitFor('the killed put\'s chunk gone from every server', async () => (await holdersOf(killedFirst)).length === 0, { timeoutMs: 60_000, intervalMs: 250 })
    // The slow put stored its chunk before, and kept it: it renews its holds.
    assert.ok((await holdersOf(slowFirst)).length > 0, 'the slow put\'s chunk survived the collector')
    slowPut.child.stdin?.end(slow.subarray(2 * chunkSize))
    assert.is(await slowPut.exited, 0, 'the slow put commits')
  } finally {
    // Neither may outlive a failed test: each waits on its stdin.
    slowPut.child.kill('SIGKILL')
    killedPut?.child.kill('SIGKILL')
  }
  assert.ok((await readAll('/rt/slow')).equals(slow), 'the slow put reads back whole')
})

test('when every known replica fails, the reader finds a provider on the DHT', async () => {
  const bytes = randomBytes(1000)
  await dfsClient().put('/rt/dht', (async function * () { yield bytes })())
  const [chunk] = (await statFile('/rt/dht')).chunks
  const holders = new Set(chunk.replicas.map(r => r.id))
  const stranger = swarm.file.peers.find(p => !holders.has(p.id))
  assert.ok(stranger, 'one peer of three holds no replica')
  // The reader is told of one replica only, on a server that does not have the chunk.
  const told = [{ cid: chunk.cid, size: chunk.size, replicas: [{ id: stranger.id, addrs: stranger.addrs, state: 'alive' }] }]
  const got = await waitFor('the chunk read through a DHT provider', async () => {
    const pieces: Uint8Array[] = []
    for await (const piece of downloadPieces(client.node, piecesOf(told, 0, chunk.size), chunk.size)) pieces.push(piece)
    return Buffer.concat(pieces)
  }, { timeoutMs: 30_000 })
  assert.ok(got.equals(bytes))
})

test('bad input exits 1 with a clear message and changes nothing', async () => {
  const existing = await local('existing', Buffer.from('original'))
  await dfsClient().put('/bad/existing', (async function * () { yield Buffer.from('original') })())
  const library = dfsClient()
  const before = JSON.stringify([await library.list('/'), await library.list('/bad')])
  const cases: Array<[string[], RegExp]> = [
    [['put', existing, '/bad/../x'], /\.\. segment/],
    [['put', existing, '/bad//x'], /empty segment/],
    [['put', existing, 'relative'], /not absolute/],
    [['put', join(work.path, 'no-such-file'), '/bad/x'], /no such local file/],
    [['get', '/bad/missing', join(work.path, 'missing.out')], /no such file/],
    [['cat', '/bad/missing'], /no such file/],
    [['rm', '/bad/missing'], /no such file/],
    [['put', existing, '/bad/x', '--chunk-size', '0'], /chunk-size/],
    [['put', existing, '/bad/x', '--chunk-size', '65MiB'], /chunk-size/],
    [['put', existing, '/bad/x', '--chunk-size', 'lots'], /invalid size/],
    [['put', existing, '/bad/x', '--replicas', '4'], /4 replicas asked, but only 3 chunk servers are up/],
    [['put', existing, '/bad/existing'], /exists; overwrite it with --force/],
    [['mv', '/bad/existing', '/bad/../y'], /\.\. segment/]
  ]
  for (let i = 0; i < cases.length; i += 4) {
    const batch = cases.slice(i, i + 4)
    const results = await Promise.all(batch.map(async ([args]) => await dfs(args)))
    batch.forEach(([args, message], k) => {
      assert.is(results[k].code, 1, `shoal dfs ${args.join(' ')} exited ${results[k].code}: ${results[k].stderr}`)
      assert.match(results[k].stderr, message, `shoal dfs ${args.join(' ')}`)
    })
  }
  assert.is(JSON.stringify([await library.list('/'), await library.list('/bad')]), before)
  assert.is((await readAll('/bad/existing')).toString(), 'original')
  await ok(['put', '-', '/bad/existing', '--force'], Buffer.from('replaced'))
  assert.is((await readAll('/bad/existing')).toString(), 'replaced')
})

test.run()
