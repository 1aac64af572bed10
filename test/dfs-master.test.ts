// The DFS master end to end, on a real 3-peer swarm started by `shoal up`:
// acknowledged puts survive a SIGKILL of the master, rm collects exactly the
// chunks nothing else shares, concurrent record appends land once each and
// whole, and the namespace commands of the CLI print what they say.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DfsClient } from '../src/client/dfs.js'
import { CodedError } from '../src/peer/errors.js'
import { Swarm } from '../src/client/swarm.js'
import type { SwarmFilePeer } from '../src/client/swarm-file.js'
import { chunkId } from '../protocols/dfs/chunk-id.js'
import { DFS_MASTER_PROTOCOL, getChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { MasterRequest, MasterResponse } from '../protocols/dfs/dfs.js'
import { call, dialAddrs } from '../src/peer/rpc.js'
import { SHOAL_BIN, shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { rejects } from './helpers/rejects.js'
import { waitFor } from './helpers/wait.js'

const KiB = 1024
// Short holds for this swarm's peers: a new master deletes nothing for half a hold (2 s here, 5 min by default).
process.env.SHOAL_HOLD_MS = '4000'

let swarm: TestSwarm
let client: Swarm
let dfs: DfsClient

test.before(async () => {
  swarm = await TestSwarm.up(3)
  await swarm.waitForLeaders('a council of 3 with every peer serving chunks', s =>
    s.council.length === 3 && s.peers.length === 3 && s.peers.every(p => p.state === 'alive' && p.roles.includes('chunkserver')), 30_000)
  client = await Swarm.connect({ home: swarm.home })
  dfs = new DfsClient(client)
})

test.after(async () => {
  await client?.close().catch(() => {})
  await swarm?.[Symbol.asyncDispose]()
})

// ---- helpers ----

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function readAll (reader: DfsClient, path: string): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const part of reader.read(path)) parts.push(part)
  return Buffer.concat(parts)
}

/** Reads `path` and checks it is exactly `bytes` (compared by hash, so a failure prints short). */
async function assertReads (reader: DfsClient, path: string, bytes: Uint8Array): Promise<void> {
  const got = await readAll(reader, path)
  assert.is(got.length, bytes.length, `${path}: size read back`)
  assert.is(digest(got), digest(bytes), `${path}: content read back`)
}

/** The ids of `bytes` cut at `chunkSize`, computed here, independently of the swarm. */
async function cidsOf (bytes: Uint8Array, chunkSize: number): Promise<string[]> {
  const cids: string[] = []
  for (let offset = 0; offset < bytes.length; offset += chunkSize) cids.push(await chunkId(bytes.subarray(offset, offset + chunkSize)))
  return cids
}

/** Asks a chunk server directly: true when it serves the chunk, false on NOT_FOUND; anything else throws. */
async function holds (peer: SwarmFilePeer, cid: string): Promise<boolean> {
  try {
    await getChunk(client.node, serverAddrs(peer), { cid, offset: 0, length: 0, whole: true }, { signal: AbortSignal.timeout(5_000) })
    return true
  } catch (err) {
    if (err instanceof CodedError && err.code === 'NOT_FOUND') return false
    throw err
  }
}

async function holdersOf (cid: string, peers: readonly SwarmFilePeer[] = swarm.file.peers): Promise<string[]> {
  const held = await Promise.all(peers.map(async peer => await holds(peer, cid) ? peer.id : undefined))
  return held.filter(id => id !== undefined)
}

/** `shoal dfs ARGS --json`: checks the exit code and returns the parsed JSON it printed. */
async function dfsJson (args: string[], expectCode = 0): Promise<any> {
  const result = await shoal(['dfs', ...args, '--json'], { home: swarm.home })
  assert.is(result.code, expectCode, `shoal dfs ${args.join(' ')} exited ${result.code}, not ${expectCode}: ${result.stderr}${result.stdout}`)
  try {
    return JSON.parse(result.stdout)
  } catch {
    assert.unreachable(`shoal dfs ${args.join(' ')} --json printed no JSON: ${result.stdout}`)
  }
}

/** The real CLI with `input` (if any) on its stdin, and its stdout as bytes. */
async function shoalBytes (args: string[], input?: Uint8Array): Promise<{ code: number, stdout: Buffer, stderr: string }> {
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SHOAL_BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SHOAL_HOME: swarm.home, SHOAL_EXIT_WITH_PID: String(process.pid) }
    })
    const stdout: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => { stdout.push(d) })
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 60_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout: Buffer.concat(stdout), stderr })
    })
    child.stdin.end(input ?? new Uint8Array())
  })
}

const peerIds = (): string[] => swarm.file.peers.map(p => p.id)

// ---- 4. namespace basics through the CLI ----

test('CLI: mkdir, put, stat, ls, mv, cat, append - and their --json output', async () => {
  // CLI calls start a process each (2-3 s here): those that do not depend on each other run together.
  assert.equal(await dfsJson(['mkdir', '/docs']), { path: '/docs' })
  const [again, deep] = await Promise.all([dfsJson(['mkdir', '/docs'], 1), dfsJson(['mkdir', '-p', '/docs/a/b'])])
  assert.match(again.error.message, /\/docs exists/)
  assert.is(again.error.exit, 1)
  assert.equal(deep, { path: '/docs/a/b' })

  const local = join(swarm.home, 'report.bin')
  const content = randomBytes(5 * KiB + 123)
  await writeFile(local, content)
  const put = await dfsJson(['put', local, '/docs/a/report.bin', '--chunk-size', '2KiB', '--replicas', '2'])
  assert.is(put.path, '/docs/a/report.bin')
  assert.is(put.size, content.length)
  const cids = await cidsOf(content, 2 * KiB)

  const [stat, listing, dirStat] = await Promise.all([dfsJson(['stat', '/docs/a/report.bin']), dfsJson(['ls', '/docs/a']), dfsJson(['stat', '/docs/a'])])
  assert.equal(Object.keys(stat).sort(), ['chunkSize', 'chunks', 'path', 'replicas', 'size'])
  assert.is(stat.path, '/docs/a/report.bin')
  assert.is(stat.size, content.length)
  assert.is(stat.chunkSize, 2 * KiB)
  assert.is(stat.replicas, 2)
  assert.equal(stat.chunks.map((c: any) => c.cid), cids, 'chunk ids are the sha256 CIDs of the 2 KiB slices, in order')
  assert.equal(stat.chunks.map((c: any) => c.size), [2 * KiB, 2 * KiB, KiB + 123])
  for (const chunk of stat.chunks) {
    assert.equal(Object.keys(chunk).sort(), ['cid', 'replicas', 'size'])
    assert.is(chunk.replicas.length, 2, `chunk ${chunk.cid as string} has 2 replicas`)
    assert.is(new Set(chunk.replicas.map((r: any) => r.id)).size, 2, 'on two different servers')
    for (const replica of chunk.replicas) {
      assert.equal(Object.keys(replica).sort(), ['id', 'state'])
      assert.ok(peerIds().includes(replica.id), `${replica.id as string} is a peer of the swarm`)
      assert.is(replica.state, 'alive')
      // The replica stat names really holds the chunk.
      assert.ok(await holds(swarm.file.peers[swarm.peerIndex(replica.id)], chunk.cid), `${replica.id as string} holds ${chunk.cid as string}`)
    }
  }
  assert.equal(dirStat, { type: 'dir', path: '/docs/a', entries: 2 })
  assert.is(listing.length, 2)
  assert.equal(listing[0], { name: 'b', type: 'dir', entries: 0 })
  const { mtime, ...file } = listing[1]
  assert.equal(file, { name: 'report.bin', type: 'file', size: content.length, chunkSize: 2 * KiB, replicas: 2, chunks: 3 })
  assert.ok(typeof mtime === 'number' && Math.abs(mtime - Date.now()) < 5 * 60_000, 'mtime is a recent time in ms')

  // mv a file: gone from the old path, whole at the new one; never over an existing path.
  assert.equal(await dfsJson(['mv', '/docs/a/report.bin', '/docs/report.bin']), { from: '/docs/a/report.bin', to: '/docs/report.bin' })
  const [missing, moved, cat, clash] = await Promise.all([
    dfsJson(['stat', '/docs/a/report.bin'], 1),
    dfsJson(['stat', '/docs/report.bin']),
    // Through a pipe, as `shoal dfs cat F | ...` runs: all the bytes, and exit 0.
    shoalBytes(['dfs', 'cat', '/docs/report.bin']),
    dfsJson(['mv', '/docs/a', '/docs/report.bin'], 1)
  ])
  assert.match(missing.error.message, /no such file/)
  assert.equal(moved, { ...stat, path: '/docs/report.bin' }, 'mv keeps size, chunks and replicas')
  assert.is(cat.code, 0, `dfs cat exited ${cat.code}: ${cat.stderr}`)
  assert.is(cat.stdout.length, content.length)
  assert.is(digest(cat.stdout), digest(content), 'cat of the moved file')
  assert.match(clash.error.message, /exists/)

  // mv a directory with what is in it; append from stdin creates a file.
  const first = Buffer.from('first record\n')
  const second = Buffer.from('second, longer record\n')
  const [movedDir, a1] = await Promise.all([
    dfsJson(['mv', '/docs/a', '/docs/z']),
    shoalBytes(['dfs', 'append', '/docs/log', '-', '--json'], first)
  ])
  assert.equal(movedDir, { from: '/docs/a', to: '/docs/z' })
  assert.is(a1.code, 0, a1.stderr)
  assert.equal(JSON.parse(a1.stdout.toString()), { path: '/docs/log', offset: 0, size: first.length })
  // ...then adds at its end.
  const [top, a2] = await Promise.all([dfsJson(['ls', '/docs']), shoalBytes(['dfs', 'append', '/docs/log', '-', '--json'], second)])
  assert.equal(top.map((e: any) => [e.name, e.type]), [['log', 'file'], ['report.bin', 'file'], ['z', 'dir']])
  assert.equal(top[2], { name: 'z', type: 'dir', entries: 1 })
  assert.is(a2.code, 0, a2.stderr)
  assert.equal(JSON.parse(a2.stdout.toString()), { path: '/docs/log', offset: first.length, size: first.length + second.length })
  assert.equal(await dfs.list('/docs/z'), [{ name: 'b', type: 'dir', entries: 0 }])
  await assertReads(dfs, '/docs/log', Buffer.concat([first, second]))
})

// ---- 2. rm collects what only the removed file used ----

test('rm: chunks only the removed file used vanish from every chunk server; shared ones stay; rm -r too', async () => {
  const chunkSize = 64 * KiB
  const shared = randomBytes(2 * chunkSize)
  const a = Buffer.concat([shared, randomBytes(chunkSize + 10 * KiB)])
  const b = Buffer.concat([shared, randomBytes(chunkSize + 30 * KiB)])
  await dfs.put('/gc/a', once(a), { chunkSize, replicas: 2 })
  await dfs.put('/gc/b', once(b), { chunkSize, replicas: 2 })
  const aCids = await cidsOf(a, chunkSize)
  const bCids = await cidsOf(b, chunkSize)
  const statA = await dfs.stat('/gc/a')
  const statB = await dfs.stat('/gc/b')
  assert.ok(statA.type === 'file' && statB.type === 'file')
  assert.equal(statA.chunks.map(c => c.cid), aCids)
  assert.equal(statB.chunks.map(c => c.cid), bCids)
  const sharedCids = aCids.filter(cid => bCids.includes(cid))
  const aOnly = aCids.filter(cid => !bCids.includes(cid))
  assert.is(sharedCids.length, 2)
  assert.is(aOnly.length, 2)

  // Before: every chunk of A is on two servers (so "gone" below means something).
  const before = new Map<string, string[]>()
  for (const cid of aCids) {
    const holders = await holdersOf(cid)
    assert.ok(holders.length >= 2, `${cid} on ${holders.length} servers before rm`)
    before.set(cid, holders)
  }

  assert.equal(await dfsJson(['rm', '/gc/a']), { path: '/gc/a', files: 1 })
  await rejects(dfs.stat('/gc/a'), err => err instanceof CodedError && err.code === 'NOT_FOUND')
  await waitFor('the chunks only /gc/a used to vanish from every chunk server', async () => {
    for (const cid of aOnly) if ((await holdersOf(cid)).length > 0) return false
    return true
  }, { timeoutMs: 20_000, intervalMs: 200 })
  for (const cid of sharedCids) {
    const holders = await holdersOf(cid)
    for (const id of before.get(cid) ?? []) assert.ok(holders.includes(id), `shared chunk ${cid} still on ${id}`)
  }
  const statB2 = await dfs.stat('/gc/b')
  assert.ok(statB2.type === 'file')
  for (const chunk of statB2.chunks) assert.ok(chunk.replicas.length >= 2, `${chunk.cid} of /gc/b listed on ${chunk.replicas.length} servers`)
  await assertReads(dfs, '/gc/b', b)

  // rm -r: a tree with a nested directory, one file sharing a chunk with /gc/b.
  const bTail = b.subarray(2 * chunkSize, 3 * chunkSize)
  const tree: Record<string, Buffer> = {
    '/gc/dir/one': randomBytes(chunkSize + 5 * KiB),
    '/gc/dir/two': Buffer.concat([bTail, randomBytes(7 * KiB)]),
    '/gc/dir/sub/three': randomBytes(3 * KiB)
  }
  for (const [path, bytes] of Object.entries(tree)) await dfs.put(path, once(bytes), { chunkSize, replicas: 2 })
  const treeCids = new Set<string>()
  for (const bytes of Object.values(tree)) for (const cid of await cidsOf(bytes, chunkSize)) treeCids.add(cid)
  const keep = [...treeCids].filter(cid => bCids.includes(cid))
  const drop = [...treeCids].filter(cid => !bCids.includes(cid))
  assert.is(keep.length, 1)
  assert.is(drop.length, 4)
  for (const cid of treeCids) assert.ok((await holdersOf(cid)).length >= 2, `${cid} stored twice before rm -r`)
  const keptBefore = await holdersOf(keep[0])

  await rejects(dfs.remove('/gc/dir'), err => err instanceof CodedError && err.code === 'NOT_EMPTY')
  assert.equal(await dfsJson(['rm', '-r', '/gc/dir']), { path: '/gc/dir', files: 3 })
  assert.equal((await dfs.list('/gc')).map(e => e.name), ['b'])
  await waitFor('the chunks only /gc/dir used to vanish from every chunk server', async () => {
    for (const cid of drop) if ((await holdersOf(cid)).length > 0) return false
    return true
  }, { timeoutMs: 20_000, intervalMs: 200 })
  const keptAfter = await holdersOf(keep[0])
  for (const id of keptBefore) assert.ok(keptAfter.includes(id), `chunk ${keep[0]} shared with /gc/b still on ${id}`)
  await assertReads(dfs, '/gc/b', b)
})

// ---- 3. concurrent record appends ----

test('4 clients append 10 records each to one file at once: each lands once, whole, and the size adds up', async () => {
  const path = '/appends/log'
  const chunkSize = 32
  const record = (c: number, r: number): Buffer => {
    const pad = (c * 37 + r * 53) % 140 // 0..139 extra bytes: records of 20 to 159 bytes, most over a chunk
    return Buffer.from(`client-${c} record-${String(r).padStart(2, '0')} ${'abcdefghijklmnopqrstuvwxyz'.repeat(6).slice(0, pad)}\n`)
  }
  const clients = await Promise.all([0, 1, 2, 3].map(async () => await Swarm.connect({ home: swarm.home })))
  try {
    const landed: Array<{ bytes: Buffer, offset: number, size: number }> = []
    const failures: string[] = []
    // Every client's first append may create the file (all ask for the same chunk size); one creation wins.
    await Promise.all(clients.map(async (swarmClient, c) => {
      const appender = new DfsClient(swarmClient)
      for (let r = 0; r < 10; r++) {
        const bytes = record(c, r)
        try {
          const at = await appender.append(path, once(bytes), { chunkSize, replicas: 2 })
          landed.push({ bytes, ...at })
        } catch (err) {
          failures.push(`client-${c} record-${r}: ${(err as Error).message}`)
        }
      }
    }))
    assert.equal(failures, [], 'every append is acknowledged')
    assert.is(landed.length, 40)
    const stat = await dfs.stat(path)
    assert.ok(stat.type === 'file')
    assert.is(stat.chunkSize, chunkSize)
    const total = landed.reduce((sum, r) => sum + r.bytes.length, 0)
    assert.is(stat.size, total, 'the file is exactly the records, each once')
    assert.ok(landed.some(r => r.bytes.length > chunkSize) && landed.some(r => r.bytes.length < chunkSize), 'records both over and under the chunk size')
    const content = await readAll(dfs, path)
    assert.is(content.length, total)
    // Each record sits whole where its append said, and the records tile the file.
    landed.sort((x, y) => x.offset - y.offset)
    let expected = 0
    for (const r of landed) {
      assert.is(r.offset, expected, `a record at ${expected}`)
      assert.ok(r.size >= r.offset + r.bytes.length, 'the size an append reports includes its record')
      assert.is(content.subarray(r.offset, r.offset + r.bytes.length).toString(), r.bytes.toString())
      expected += r.bytes.length
    }
    // And, read without the offsets, the file parses into exactly the 40 records.
    const lines = content.toString().split('\n').slice(0, -1).map(line => `${line}\n`).sort()
    const records = [0, 1, 2, 3].flatMap(c => Array.from({ length: 10 }, (_, r) => record(c, r).toString())).sort()
    assert.equal(lines, records)
  } finally {
    await Promise.all(clients.map(async c => { await c.close() }))
  }
})

test('a master request that names no operation, or is not protobuf, is refused clearly and the master goes on serving', async () => {
  const master = await client.leader('master')
  assert.ok(master, 'a master is elected')
  const options = { protocol: DFS_MASTER_PROTOCOL, request: MasterRequest, response: MasterResponse, signal: AbortSignal.timeout(10_000) }
  const empty = await call(client.node, dialAddrs(master), {}, options)
  assert.is(empty.error, 'BAD_REQUEST')
  assert.match(empty.message, /names no operation/)
  const garbage = { encode: () => Uint8Array.of(0xff, 0xff, 0xff), decode: () => ({}) }
  await rejects(call(client.node, dialAddrs(master), {}, { ...options, request: garbage }), /stream|reset|closed|abort/i)
  assert.is((await dfs.stat('/')).type, 'dir')
})

// ---- 1. SIGKILL of the master during a series of puts (last: it leaves a peer dead) ----

test('SIGKILL of the master during puts: every acknowledged put reads back whole from the new master; ls lists them', async () => {
  const before = await swarm.waitForLeaders('3 live peers', s => s.peers.filter(p => p.state === 'alive').length === 3)
  const oldMaster = before.master!.id
  const victim = swarm.peerIndex(oldMaster)
  const writerSwarm = await Swarm.connect({ home: swarm.home })
  try {
    const writer = new DfsClient(writerSwarm)
    const files = Array.from({ length: 20 }, (_, i) => ({
      path: `/failover/f-${String(i).padStart(2, '0')}`,
      bytes: randomBytes(100 * KiB + Math.floor(Math.random() * 924 * KiB))
    }))
    const outcomes: Array<{ path: string, bytes: Buffer, afterKill: boolean, ok: boolean, error?: string }> = []
    let acknowledged = 0
    let killedAt: number | undefined
    for (const file of files) {
      const afterKill = killedAt !== undefined
      try {
        await writer.put(file.path, once(file.bytes), {
          chunkSize: 128 * KiB,
          replicas: 2,
          // Partway through a put, once four are acknowledged: the master dies with this put in flight.
          onProgress: () => {
            if (killedAt === undefined && acknowledged >= 4) {
              swarm.kill(victim)
              killedAt = Date.now()
            }
          }
        })
        acknowledged++
        outcomes.push({ ...file, afterKill, ok: true })
      } catch (err) {
        outcomes.push({ ...file, afterKill, ok: false, error: (err as Error).message })
      }
    }
    assert.ok(killedAt !== undefined, 'the master was killed during the puts')
    const after = await swarm.waitForLeaders('a new master', s => s.master!.id !== oldMaster)
    await swarm.waitForExit(victim)

    const acked = outcomes.filter(o => o.ok)
    const inFlight = outcomes.filter(o => !o.afterKill).slice(4)
    console.log(`puts: ${acknowledged} acknowledged of ${outcomes.length}; in flight at the kill: ${inFlight.map(o => o.ok ? 'acknowledged' : `failed (${o.error ?? ''})`).join(', ')}; master ${oldMaster} -> ${after.master!.id}`)
    assert.ok(outcomes.slice(0, 4).every(o => o.ok && !o.afterKill), 'four puts acknowledged by the old master before the kill')
    assert.is(inFlight.length, 1, 'one put was in flight when the master died')
    // The client rides out a failover: every put started after the kill is acknowledged (by the new master).
    assert.equal(outcomes.filter(o => o.afterKill && !o.ok).map(o => `${o.path}: ${o.error ?? ''}`), [])
    assert.is(outcomes.filter(o => o.afterKill).length, 15)

    // Every acknowledged put, read through a client that never saw the old master.
    const readerSwarm = await Swarm.connect({ home: swarm.home })
    try {
      const reader = new DfsClient(readerSwarm)
      for (const o of acked) await assertReads(reader, o.path, o.bytes)

      const listing = await dfsJson(['ls', '/failover'])
      const names = listing.map((e: any) => `/failover/${e.name as string}`)
      for (const o of acked) assert.ok(names.includes(o.path), `ls lists acknowledged ${o.path}`)
      for (const entry of listing) {
        const path = `/failover/${entry.name as string}`
        const put = outcomes.find(o => o.path === path)
        assert.ok(put !== undefined, `ls lists ${path}, which no put wrote`)
        assert.is(entry.type, 'file')
        assert.is(entry.size, put.bytes.length, `${path} size in ls`)
        // A put that failed to the client may still have landed: only with its right content.
        if (!put.ok) await assertReads(reader, path, put.bytes)
      }
    } finally {
      await readerSwarm.close()
    }
  } finally {
    await writerSwarm.close()
  }
})

test.run()
