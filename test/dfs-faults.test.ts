// DFS under faults, on real peer processes started by `shoal up`: a chunk
// server SIGKILLed in the middle of a put and after one, and a chunk
// corrupted on a server's disk. Files go in and come out through the real CLI
// where the user would see them (`dfs stat --json`, `dfs get`); each chunk
// server is also asked directly whether it really holds what the master says.
import { randomBytes } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Chunk } from '../protocols/dfs/dfs.js'
import { DfsClient, type FileStat } from '../src/client/dfs.js'
import { downloadPieces, piecesOf } from '../src/client/dfs-download.js'
import { Swarm } from '../src/client/swarm.js'
import { shoal } from './helpers/cli.js'
import { addrsOf, askServer, collect, settled, sha256, slices } from './helpers/dfs.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'
import { chunkId } from '../protocols/dfs/chunk-id.js'
import type { ChunkCommand } from '../protocols/dfs/dfs.js'
import { MembershipView, emptyHeartbeat } from '../src/peer/membership.js'
import { LocationMap } from '../src/roles/master/locations.js'
import { PendingPlacements } from '../src/roles/master/pending.js'
import { placeReplicas } from '../src/roles/master/placement.js'
import { Repairer } from '../src/roles/master/repair.js'
import { encodeMasterCommand, MasterState } from '../src/roles/master/state.js'

const KiB = 1024
const MiB = 1024 * KiB
/** The bound: a lost or corrupt replica is replaced within this. */
const REPAIR_DEADLINE_MS = 30_000
const ASKS_AT_ONCE = 8

/** `shoal dfs stat --json`, parsed. */
async function statCli (swarm: TestSwarm, path: string): Promise<FileStat> {
  const result = await shoal(['dfs', 'stat', path, '--json'], { home: swarm.home })
  assert.is(result.code, 0, `dfs stat failed: ${result.stderr}${result.stdout}`)
  return JSON.parse(result.stdout) as FileStat
}

/** `shoal dfs get` into a local file; resolves with the bytes it wrote. */
async function getCli (swarm: TestSwarm, path: string, local: string): Promise<Buffer> {
  const result = await shoal(['dfs', 'get', path, local], { home: swarm.home })
  assert.is(result.code, 0, `dfs get failed: ${result.stderr}${result.stdout}\n${await swarm.peerLogs()}`)
  return await readFile(local)
}

/** The chunks of `file` as a reader plans to fetch them, every replica taken as alive and tried in the order listed. */
function readPlan (swarm: TestSwarm, file: FileStat): Chunk[] {
  return file.chunks.map(c => ({ cid: c.cid, size: c.size, replicas: c.replicas.map(r => ({ id: r.id, addrs: addrsOf(swarm, r.id), state: 'alive' })) }))
}

/** The live replicas of each chunk, by id: the ones the master names alive. */
function liveReplicas (file: FileStat): string[][] {
  return file.chunks.map(c => c.replicas.filter(r => r.state === 'alive').map(r => r.id).sort())
}

/**
 * Every chunk has 2 live replicas (exactly the servers `expected`, when
 * given), `lost` is never named alive, and each live replica serves the
 * chunk's right bytes when asked directly.
 */
async function assertReplicated (client: Swarm, swarm: TestSwarm, file: FileStat, data: Uint8Array, expected?: string[], lost?: string): Promise<void> {
  const asks: Array<{ what: string, id: string, cid: string, want: string }> = []
  let offset = 0
  for (const [i, chunk] of file.chunks.entries()) {
    const live = chunk.replicas.filter(r => r.state === 'alive').map(r => r.id).sort()
    assert.is(live.length, 2, `chunk ${i} (${chunk.cid}) has live replicas ${live.join(', ')}`)
    if (expected !== undefined) assert.equal(live, [...expected].sort(), `chunk ${i} (${chunk.cid}) is on the expected servers`)
    if (lost !== undefined) {
      assert.ok(chunk.replicas.every(r => r.id !== lost || r.state !== 'alive'), `chunk ${i} names the killed peer as alive`)
    }
    const want = sha256(data.subarray(offset, offset + chunk.size))
    for (const id of live) asks.push({ what: `chunk ${i} from ${id}`, id, cid: chunk.cid, want })
    offset += chunk.size
  }
  assert.is(offset, data.length, 'the chunks cover the file')
  // A few at a time: a server takes at most 16 gets at once per connection.
  for (let at = 0; at < asks.length; at += ASKS_AT_ONCE) {
    const batch = asks.slice(at, at + ASKS_AT_ONCE)
    const answers = await Promise.all(batch.map(async ask => await askServer(client, swarm, ask.id, ask.cid)))
    for (const [j, got] of answers.entries()) assert.is(typeof got === 'string' ? got : sha256(got), batch[j].want, batch[j].what)
  }
}

test('SIGKILL of a chunk server in the middle of a put: the put succeeds, every chunk ends with 2 live replicas, get is byte-identical', async () => {
  await using swarm = await TestSwarm.up(3)
  const status = await settled(swarm)
  const client = await Swarm.connect({ home: swarm.home })
  try {
    const masterId = status.master!.id
    const victim = swarm.file.peers.findIndex(p => p.id !== masterId)
    const victimId = swarm.file.peers[victim].id
    const survivors = swarm.file.peers.map(p => p.id).filter(id => id !== victimId)
    const data = randomBytes(48 * MiB)
    // Killed from the progress callback, once a sixth of the chunks are stored everywhere: mid-put by construction.
    let stored = 0
    let killedAt: number | undefined
    const file = await new DfsClient(client).put('/faults/put-kill.bin', slices(data), {
      chunkSize: MiB,
      replicas: 2,
      onProgress: bytes => {
        stored += bytes
        if (killedAt === undefined && stored >= 8 * MiB) {
          killedAt = stored
          swarm.kill(victim)
        }
      }
    })
    assert.ok(killedAt !== undefined && killedAt < data.length, `the chunk server was killed mid-put (at ${killedAt} of ${data.length} bytes)`)
    assert.is(stored, data.length)
    assert.is(file.size, data.length)
    assert.is(file.chunks.length, 48)
    // Each chunk reached its factor during the put (on the victim too, for some stored before it died).
    for (const [i, chunk] of file.chunks.entries()) assert.ok(chunk.replicas.length >= 2, `chunk ${i} was stored ${chunk.replicas.length} times by the put`)
    await swarm.waitForExit(victim)

    // Chunks the victim held when it died are copied again once it is declared dead (10 s of silence).
    await waitFor('every chunk on the two survivors', async () => {
      const now = await new DfsClient(client).stat('/faults/put-kill.bin') as FileStat
      return liveReplicas(now).every(ids => ids.length === 2 && !ids.includes(victimId))
    }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 250 })
    const [after, got] = await Promise.all([statCli(swarm, '/faults/put-kill.bin'), getCli(swarm, '/faults/put-kill.bin', join(swarm.home, 'put-kill.out'))])
    assert.is(after.size, data.length)
    await assertReplicated(client, swarm, after, data, survivors, victimId)
    assert.is(got.length, data.length)
    assert.is(sha256(got), sha256(data))
  } finally {
    await client.close()
  }
})

test('SIGKILL of a chunk server holding replicas: reads work at once, and within 30 s every chunk has 2 replicas on live peers', async () => {
  await using swarm = await TestSwarm.up(3)
  const status = await settled(swarm)
  const client = await Swarm.connect({ home: swarm.home })
  try {
    const dfs = new DfsClient(client)
    const data = randomBytes(16 * MiB)
    const before = await dfs.put('/faults/read-kill.bin', slices(data), { chunkSize: MiB, replicas: 2 })
    assert.ok(before.chunks.every(c => c.replicas.length === 2), 'each chunk stored twice')
    // The non-master listed first on the most chunks: a reader asks it first for those.
    const masterId = status.master!.id
    const first = (id: string): number => before.chunks.filter(c => c.replicas[0].id === id).length
    const victimId = swarm.file.peers.map(p => p.id).filter(id => id !== masterId).sort((a, b) => first(b) - first(a))[0]
    assert.ok(first(victimId) > 0, 'the victim is the first replica of some chunk')
    const victim = swarm.peerIndex(victimId)
    const survivors = swarm.file.peers.map(p => p.id).filter(id => id !== victimId)

    // A reader that looked the chunks up just before the kill: it asks the victim first for some of them.
    const plan = readPlan(swarm, before)

    swarm.kill(victim)
    const killedAt = Date.now()
    await swarm.waitForExit(victim)
    const stale = await collect(downloadPieces(client.node, piecesOf(plan, 0, data.length), MiB))
    assert.is(sha256(stale), sha256(data), 'a read planned before the kill moves on from the dead replica')
    // And a read that asks the master now, while it may still name the victim alive.
    assert.is(sha256(await collect(dfs.read('/faults/read-kill.bin'))), sha256(data), 'a read right after the kill')
    // The CLI reads too, while the repair runs.
    const cliGet = getCli(swarm, '/faults/read-kill.bin', join(swarm.home, 'read-kill.out'))
    cliGet.catch(() => {}) // awaited below

    await waitFor('every chunk on two live peers again', async () => {
      const now = await dfs.stat('/faults/read-kill.bin') as FileStat
      return liveReplicas(now).every(ids => ids.length === 2 && !ids.includes(victimId))
    }, { timeoutMs: REPAIR_DEADLINE_MS - (Date.now() - killedAt), intervalMs: 250 })
    const [after, got] = await Promise.all([statCli(swarm, '/faults/read-kill.bin'), cliGet])
    assert.is(sha256(got), sha256(data))
    await assertReplicated(client, swarm, after, data, survivors, victimId)

    // The victim comes back with its old copies on disk: each chunk is trimmed back to exactly 2 copies swarm-wide.
    assert.ok(before.chunks.some(c => c.replicas.some(r => r.id === victimId)), 'the victim held copies before it died')
    await swarm.upAgain()
    let copies: number[] = []
    await waitFor('exactly 2 copies of every chunk on the 3 servers', async () => {
      copies = await Promise.all(before.chunks.map(async chunk => {
        const answers = await Promise.all(swarm.file.peers.map(async p => await askServer(client, swarm, p.id, chunk.cid)))
        return answers.filter(a => typeof a !== 'string').length
      }))
      return copies.every(n => n === 2)
    }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 500 }).catch(async (err: Error) => {
      throw new Error(`${err.message}: copies per chunk ${JSON.stringify(copies)}\n${await swarm.peerLogs(25)}`)
    })
    const trimmed = await dfs.stat('/faults/read-kill.bin') as FileStat
    assert.ok(trimmed.chunks.every(c => c.replicas.length === 2 && c.replicas.every(r => r.state === 'alive')), 'stat lists exactly the 2 live copies')
    await assertReplicated(client, swarm, trimmed, data)
    assert.is(sha256(await collect(dfs.read('/faults/read-kill.bin'))), sha256(data))
  } finally {
    await client.close()
  }
})

test('review 3, finding 3: trim trusts the locations of servers back from the dead that have not reported since: two that came back wiped outrank the two real copies, which trim deletes', async () => {
  const cid = await chunkId(new Uint8Array(64).fill(7))
  // Four chunk servers. The two nearest the chunk held it. The first died and repair copied the chunk from the second to
  // the third nearest; then the second died and repair copied it from the third to the fourth. The master keeps what
  // dead servers reported (holders() is whatever their liveness), so it lists all four.
  const ids = placeReplicas(cid, Array.from({ length: 32 }, (_, k) => ({ id: `server-${k}`, state: 'alive' as const, freeDisk: Number.MAX_SAFE_INTEGER })), 4)
  const [wiped1, wiped2, real1, real2] = ids
  let now = 0
  const view = new MembershipView({ self: 'master', now: () => now })
  const heartbeat = (id: string): void => { view.observe({ ...emptyHeartbeat(id), roles: ['chunkserver'], freeDisk: 1e12 }) }
  for (const id of ids) heartbeat(id)
  const state = new MasterState()
  state.apply(encodeMasterCommand({ op: 'commit', path: '/f', chunks: [{ cid, size: 64 }], chunkSize: 64, replicas: 2, force: false, mtime: 1 }), 1)
  const locations = new LocationMap()
  for (const id of ids) locations.report(id, { full: true, last: true, added: id === wiped1 || id === wiped2 ? [cid] : [], removed: [] })
  now += 60_000
  for (const id of [real1, real2]) heartbeat(id)
  view.refresh()
  assert.is(view.state(wiped1), 'dead')
  locations.add(real1, cid) // the two repairs
  locations.add(real2, cid)
  // The two dead servers come back with their disks wiped (same peer.key): alive again, their full reports not yet in.
  now += 1_000
  for (const id of ids) heartbeat(id)
  const deletes: Array<{ server: string, cids: string[] }> = []
  const repairer = new Repairer({
    term: 1,
    state,
    view,
    locations,
    pending: new PendingPlacements(() => now),
    log: Object.assign(() => {}, { error: () => {}, child: () => { throw new Error('unused') } }),
    command: async (server, command: ChunkCommand) => {
      deletes.push({ server: server.id, cids: command.chunks.map(c => c.cid) })
      return { error: '', message: '', done: command.chunks.map(c => c.cid), failed: [] }
    },
    confirmLeadership: async () => {},
    providers: async () => []
  })
  repairer.pass()
  await repairer.settled([cid])
  const left = [real1, real2].filter(id => !deletes.some(d => d.server === id && d.cids.includes(cid)))
  assert.ok(left.length > 0, `trim deleted ${cid} from ${deletes.map(d => d.server).join(' and ')}, the only servers that hold it (${wiped1} and ${wiped2}, listed first, hold nothing): the file's only chunk is gone`)
})

/** Offsets of every occurrence of `needle` in `haystack`. */
function occurrences (haystack: Buffer, needle: Uint8Array): number[] {
  const found: number[] = []
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) found.push(at)
  return found
}

test('a chunk corrupted on disk: the read is served by the other replica, and within 30 s the replica is repaired', async () => {
  await using swarm = await TestSwarm.up(3)
  const status = await settled(swarm)
  const client = await Swarm.connect({ home: swarm.home })
  try {
    const dfs = new DfsClient(client)
    const chunkSize = 256 * KiB
    const data = randomBytes(3 * chunkSize)
    const before = await dfs.put('/faults/corrupt.bin', slices(data, chunkSize), { chunkSize, replicas: 2 })
    assert.is(before.chunks.length, 3)
    const index = 1
    const chunk = before.chunks[index]
    assert.is(chunk.replicas.length, 2)
    // Corrupt the first replica listed, the one a reader asks first, so the read has to fall back.
    const victimId = chunk.replicas[0].id
    const goodId = chunk.replicas[1].id
    const victim = swarm.file.peers[swarm.peerIndex(victimId)]

    const chunkBytes = data.subarray(index * chunkSize, (index + 1) * chunkSize)
    const needle = chunkBytes.subarray(chunkSize / 2, chunkSize / 2 + 64)
    const dbFile = join(victim.home, 'db', 'data.mdb')
    const hits = occurrences(await readFile(dbFile), needle)
    assert.is(hits.length, 1, `the chunk's bytes found exactly once in ${dbFile}`)
    // Written in place: the running peer's map of the file sees it.
    const handle = await open(dbFile, 'r+')
    try {
      const byte = Buffer.alloc(1)
      await handle.read(byte, 0, 1, hits[0])
      assert.is(byte[0], needle[0])
      byte[0] ^= 0xff
      const { bytesWritten } = await handle.write(byte, 0, 1, hits[0])
      assert.is(bytesWritten, 1)
      await handle.sync()
    } finally {
      await handle.close()
    }
    const check = await readFile(dbFile)
    assert.is(occurrences(check, needle).length, 0, 'the corrupting write hit the chunk')

    // A read that asks the corrupt replica first gets the right bytes from the other one.
    const plan = readPlan(swarm, before)
    assert.is(plan[index].replicas[0].id, victimId)
    assert.is(sha256(await collect(downloadPieces(client.node, piecesOf(plan, 0, data.length), chunkSize))), sha256(data))
    const log = await waitFor('the victim to quarantine the chunk', async () => {
      const text = await readFile(join(victim.home, 'peer.log'), 'utf8')
      return text.includes(`chunk ${chunk.cid} failed verification on read`) ? text : undefined
    }, { timeoutMs: 5_000 })
    assert.match(log, /removed and quarantined/)

    await waitFor('the corrupt chunk to have 2 good live replicas again', async () => {
      const now = await dfs.stat('/faults/corrupt.bin') as FileStat
      if (!liveReplicas(now).every(ids => ids.length === 2)) return false
      // The master may still list the bad copy until the victim's report lands: ask each server itself.
      for (const id of liveReplicas(now)[index]) {
        const bytes = await askServer(client, swarm, id, chunk.cid)
        if (typeof bytes === 'string' || sha256(bytes) !== sha256(chunkBytes)) return false
      }
      return true
    }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 250 })
    // The copy came from the master's repair, not from somewhere else.
    const master = swarm.file.peers[swarm.peerIndex(status.master!.id)]
    assert.match(await readFile(join(master.home, 'peer.log'), 'utf8'), `re-replicated ${chunk.cid} to `)
    const [after, got] = await Promise.all([statCli(swarm, '/faults/corrupt.bin'), getCli(swarm, '/faults/corrupt.bin', join(swarm.home, 'corrupt.out'))])
    assert.is(sha256(got), sha256(data))
    const live = liveReplicas(after)
    assert.ok(live[index].includes(goodId), 'the good replica is still listed')
    await assertReplicated(client, swarm, after, data)
  } finally {
    await client.close()
  }
})

test.run()
