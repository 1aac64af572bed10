// A full disk on real peer processes (issue 9, finding 7): one peer of three
// has its home on a small tmpfs, which the test fills. That peer must stay
// up and keep serving the chunks it holds while it takes no new chunks (it
// answers NO_SPACE, and the master places none there), and puts and gets go
// on on the other two. Its Raft replica cannot persist meanwhile
// (test/raft-full-disk.test.ts checks that such a replica neither acks nor
// votes). Once space returns it takes chunks again and its replica catches
// up: with the third peer killed, a put can only commit through it.
import { randomBytes } from 'node:crypto'
import { cp, rename, symlink, unlink } from 'node:fs/promises'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DfsClient, type FileStat } from '../src/client/dfs.js'
import { isPeerProcess } from '../src/client/local-swarm.js'
import { MasterClient } from '../src/client/master-client.js'
import { mergeViews, Swarm } from '../src/client/swarm.js'
import { chunkId } from '../protocols/dfs/chunk-id.js'
import { putChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { tempHome } from './helpers/cli.js'
import { addrsOf, askServer, collect, settled, sha256, slices } from './helpers/dfs.js'
import { fill, mountTmpfs } from './helpers/disk.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const MiB = 1024 * 1024
/** Room for the headroom (64 MiB) and every chunk the test may put there, so the last put finds room. */
const TMPFS_BYTES = 128 * MiB

/** Chunks of `file` stored on server `id`, with the bytes each should hold. */
function chunksOn (file: FileStat, data: Uint8Array, id: string): Array<{ cid: string, bytes: Uint8Array }> {
  const held: Array<{ cid: string, bytes: Uint8Array }> = []
  let offset = 0
  for (const chunk of file.chunks) {
    if (chunk.replicas.some(r => r.id === id)) held.push({ cid: chunk.cid, bytes: data.subarray(offset, offset + chunk.size) })
    offset += chunk.size
  }
  return held
}

async function assertServes (client: Swarm, swarm: TestSwarm, id: string, held: Array<{ cid: string, bytes: Uint8Array }>, what: string): Promise<void> {
  for (const { cid, bytes } of held) {
    const got = await askServer(client, swarm, id, cid)
    assert.is(typeof got === 'string' ? got : sha256(got), sha256(bytes), `${what}: chunk ${cid}`)
  }
}

/**
 * Whether the master's own view has `id` as full (or not): the merged status
 * falls back to another peer's view when the master's answer is late, and the
 * full peer knows it is full before the master hears.
 */
async function masterSees (client: Swarm, id: string, full: boolean): Promise<boolean> {
  const peer = await inMasterView(client, id)
  return peer?.state === 'alive' && peer.full === full
}

async function inMasterView (client: Swarm, id: string): Promise<{ state: string, full: boolean } | undefined> {
  const views = await client.views()
  const master = mergeViews(views).master
  const view = views.find(v => v.self === master?.id)
  return view?.peers.find(p => p.id === id)
}

test('a peer whose disk is full stays up and serves what it holds but takes no chunks; once space returns it takes chunks again and its Raft replica catches up', async () => {
  await using disk = await tempHome('shoal-small-disk-')
  const tmpfs = await mountTmpfs(disk.path, TMPFS_BYTES)
  if (typeof tmpfs === 'string') {
    console.log(`skipped: ${tmpfs}`)
    return
  }
  try {
    await using swarm = await TestSwarm.up(3)
    await fullDiskScenario(swarm, tmpfs.dir)
  } finally {
    // The swarm's peers are killed by now (a lazy unmount covers one not quite gone).
    await tmpfs.unmount()
  }
})

async function fullDiskScenario (swarm: TestSwarm, disk: string): Promise<void> {
  const first = await settled(swarm)
  // The full peer is not the master (a master that cannot persist loses its
  // office to an election, which is not what this test is about); the third
  // peer is killed at the end.
  const full = swarm.file.peers.findLastIndex(p => p.id !== first.master!.id)
  const fullId = swarm.file.peers[full].id
  const third = swarm.file.peers.findIndex((p, i) => i !== full && p.id !== first.master!.id)
  const client = await Swarm.connect({ home: swarm.home })
  try {
    // Its home moves onto the tmpfs, data and all.
    const home = swarm.file.peers[full].home
    swarm.kill(full, 'SIGTERM')
    await swarm.waitForExit(full)
    await cp(home, disk, { recursive: true })
    await rename(home, `${home}.old`)
    await symlink(disk, home)
    await swarm.upAgain()
    await settled(swarm)
    // The merged status may take another peer's word; the master places only on a server it holds alive.
    await waitFor('the master holding the moved peer alive, with room', async () => await masterSees(client, fullId, false))
    const dfs = new DfsClient(client)

    const a = randomBytes(12 * MiB)
    const fileA = await dfs.put('/full/a', slices(a), { chunkSize: MiB, replicas: 2 })
    const heldA = chunksOn(fileA, a, fullId)
    assert.ok(heldA.length > 0, 'the peer took chunks while it had room')

    const filler = await fill(disk)
    await waitFor('the master to see the peer full', async () => await masterSees(client, fullId, true))

    // It refuses a chunk sent to it anyway, with the code that has the writer place it elsewhere.
    const refused = randomBytes(MiB)
    const answer = await putChunk(client.node, serverAddrs({ id: fullId, addrs: addrsOf(swarm, fullId) }), { cid: await chunkId(refused), size: refused.length, chain: [], masterTerm: 0 }, refused)
    assert.equal(answer.stored, [])
    assert.equal(answer.failed.map(f => [f.id, f.error]), [[fullId, 'NO_SPACE']], JSON.stringify(answer.failed))
    // And the master places nothing there, even asked for a replica on every server.
    const placed = await new MasterClient(client).call('place', { chunks: [{ cid: await chunkId(refused), size: refused.length, replicas: [] }], replicas: 3, putId: 'disk-full-test' })
    const servers = placed.placements[0].servers.map(s => s.id).sort()
    assert.equal(servers, swarm.file.peers.map(p => p.id).filter(id => id !== fullId).sort())

    // Puts and gets go on without it; it serves what it holds, and stays up.
    const b = randomBytes(16 * MiB)
    const fileB = await dfs.put('/full/b', slices(b), { chunkSize: MiB, replicas: 2 })
    assert.equal(chunksOn(fileB, b, fullId), [], 'no chunk of a put went to the full peer')
    assert.is(sha256(await collect(dfs.read('/full/b'))), sha256(b))
    assert.is(sha256(await collect(dfs.read('/full/a'))), sha256(a))
    await assertServes(client, swarm, fullId, heldA, 'the full peer serves what it holds')
    const during = await swarm.status()
    assert.is(during.peers.find(p => p.id === fullId)?.state, 'alive')
    assert.ok(await isPeerProcess(swarm.file.peers[full].pid, swarm.file.peers[full].home), 'the full peer\'s process is alive')

    // Space returns: it says so, and takes chunks again.
    await unlink(filler)
    await waitFor('the master to see the peer no longer full', async () => await masterSees(client, fullId, false))
    const c = randomBytes(16 * MiB)
    const fileC = await dfs.put('/full/c', slices(c), { chunkSize: MiB, replicas: 2 })
    const heldC = chunksOn(fileC, c, fullId)
    assert.ok(heldC.length > 0, 'the peer takes chunks again')
    await assertServes(client, swarm, fullId, heldC, 'chunks taken after space returned')

    // Its Raft replica caught up: with the third peer gone, nothing commits without it.
    swarm.kill(third)
    await swarm.waitForExit(third)
    const d = randomBytes(4 * MiB)
    await dfs.put('/full/d', slices(d), { chunkSize: MiB, replicas: 2 })
    assert.is(sha256(await collect(dfs.read('/full/d'))), sha256(d))
    assert.is(sha256(await collect(dfs.read('/full/c'))), sha256(c))
  } finally {
    await client.close()
  }
}

test.run()
