// Replica placement: the live, non-full chunk servers nearest the chunk in XOR
// distance, deterministic, and spread evenly enough to fill disks alike.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createHash } from 'node:crypto'
import { chunkId, chunkKey, compareDistance, xorDistance } from '../protocols/dfs/chunk-id.js'
import {
  DEFAULT_MIN_FREE_BYTES, placeReplicas, POINTS_PER_SERVER, serverPoints, type PlacementCandidate
} from '../src/roles/master/placement.js'

const GiB = 1024 ** 3

/** Deterministic bytes: the tests choose the same chunks and peers every run. */
function seeded (seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i * 32 < length; i++) out.set(createHash('sha256').update(`${seed}/${i}`).digest().subarray(0, length - i * 32), i * 32)
  return out
}

function peerIds (n: number, seed = 'peers'): string[] {
  // Shaped like Ed25519 peer ids; only their bytes matter to placement.
  return Array.from({ length: n }, (_, i) => `12D3KooW${Buffer.from(seeded(`${seed}/${i}`, 33)).toString('base64url').slice(0, 44)}`)
}

function alive (ids: string[]): PlacementCandidate[] {
  return ids.map(id => ({ id, state: 'alive', freeDisk: 100 * GiB }))
}

async function cids (n: number, seed = 'chunks'): Promise<string[]> {
  return await Promise.all(Array.from({ length: n }, async (_, i) => await chunkId(seeded(`${seed}/${i}`, 16))))
}

/** Independent of placement.ts's loop: each server's distance is its nearest point's, computed with xorDistance. */
function bruteForce (cid: string, ids: string[]): string[] {
  const key = chunkKey(cid)
  const distance = (id: string): Uint8Array => serverPoints(id).map(p => xorDistance(key, p)).reduce((a, b) => compareDistance(a, b) <= 0 ? a : b)
  return [...ids].sort((a, b) => compareDistance(distance(a), distance(b)))
}

test('nearest first in XOR distance, as a brute-force ranking says', async () => {
  const ids = peerIds(12)
  for (const cid of await cids(50)) {
    assert.equal(placeReplicas(cid, alive(ids), 12), bruteForce(cid, ids))
    assert.equal(placeReplicas(cid, alive(ids), 3), bruteForce(cid, ids).slice(0, 3))
  }
})

test('every server has POINTS_PER_SERVER distinct points', () => {
  const points = serverPoints(peerIds(1)[0])
  assert.is(points.length, POINTS_PER_SERVER)
  assert.is(new Set(points.map(p => Buffer.from(p).toString('hex'))).size, POINTS_PER_SERVER)
  assert.is(serverPoints(peerIds(1)[0]), points, 'cached')
})

test('deterministic: same answer every time and in any candidate order', async () => {
  const ids = peerIds(8)
  const [cid] = await cids(1)
  const first = placeReplicas(cid, alive(ids), 3)
  assert.is(first.length, 3)
  assert.equal(placeReplicas(cid, alive(ids), 3), first)
  assert.equal(placeReplicas(cid, alive([...ids].reverse()), 3), first)
  assert.equal(placeReplicas(cid, alive([...ids.slice(4), ...ids.slice(0, 4)]), 3), first)
})

test('a smaller factor is a prefix of a larger one', async () => {
  const ids = peerIds(7)
  for (const cid of await cids(20)) {
    const all = placeReplicas(cid, alive(ids), 7)
    for (let k = 0; k <= 7; k++) assert.equal(placeReplicas(cid, alive(ids), k), all.slice(0, k))
  }
})

test('alive servers with room first, a suspect one only to make up the number; dead, full and low-disk ones never', async () => {
  const ids = peerIds(6)
  const cid = (await cids(1, 'skips'))[0]
  const ranked = placeReplicas(cid, alive(ids), 6)
  const [a, b, c, d, e, f] = ranked
  const candidates: PlacementCandidate[] = [
    { id: a, state: 'suspect', freeDisk: 100 * GiB },
    { id: b, state: 'dead', freeDisk: 100 * GiB },
    { id: c, state: 'alive', freeDisk: 100 * GiB, full: true },
    { id: d, state: 'alive', freeDisk: DEFAULT_MIN_FREE_BYTES - 1 },
    { id: e, state: 'alive', freeDisk: DEFAULT_MIN_FREE_BYTES },
    { id: f, state: 'alive', freeDisk: 100 * GiB, full: false }
  ]
  assert.equal(placeReplicas(cid, candidates, 2), [e, f])
  assert.equal(placeReplicas(cid, candidates, 3), [e, f, a], 'the suspect one, nearest of all, comes last')
  assert.equal(placeReplicas(cid, candidates, 4), [e, f, a])
  assert.equal(placeReplicas(cid, candidates, 3, { minFreeBytes: 0 }), [d, e, f])
  assert.equal(placeReplicas(cid, candidates, 3, { minFreeBytes: DEFAULT_MIN_FREE_BYTES + 1 }), [f, a])
  assert.equal(placeReplicas(cid, [{ id: a, state: 'alive', freeDisk: Number.NaN }], 1), [], 'an unknown free disk is not room')
})

test('exclude replaces a dead replica in the chain with the next nearest', async () => {
  const ids = peerIds(6)
  for (const cid of await cids(20, 'exclude')) {
    const [first, second, third, fourth] = placeReplicas(cid, alive(ids), 4)
    assert.equal(placeReplicas(cid, alive(ids), 2, { exclude: [first] }), [second, third])
    assert.equal(placeReplicas(cid, alive(ids), 2, { exclude: [first, second] }), [third, fourth])
    assert.equal(placeReplicas(cid, alive(ids), 1, { exclude: new Set([second]) }), [first])
    assert.equal(placeReplicas(cid, alive(ids), 2, { exclude: ['not-a-member'] }), [first, second])
  }
})

test('fewer servers than the factor gives what there is; none gives none', async () => {
  const ids = peerIds(2)
  const [cid] = await cids(1)
  assert.equal(placeReplicas(cid, alive(ids), 5), placeReplicas(cid, alive(ids), 2))
  assert.is(placeReplicas(cid, alive(ids), 5).length, 2)
  assert.equal(placeReplicas(cid, [], 3), [])
  assert.equal(placeReplicas(cid, alive(ids), 0), [])
})

test('a server listed twice is placed once', async () => {
  const ids = peerIds(3)
  const [cid] = await cids(1)
  const twice = [...alive(ids), ...alive(ids)]
  assert.equal(placeReplicas(cid, twice, 6), placeReplicas(cid, alive(ids), 3))
})

test('bad arguments are refused', async () => {
  const ids = peerIds(3)
  const [cid] = await cids(1)
  for (const factor of [-1, 1.5, Number.NaN, Infinity]) {
    assert.throws(() => placeReplicas(cid, alive(ids), factor), (err: Error) => err instanceof RangeError, `factor ${factor}`)
  }
  assert.throws(() => placeReplicas('not-a-cid', alive(ids), 2), (err: Error) => err.name === 'BadChunkIdError')
})

test('a new server takes first replicas only from others, never reshuffles them', async () => {
  const ids = peerIds(8)
  const newcomer = peerIds(1, 'newcomer')[0]
  let taken = 0
  for (const cid of await cids(2000, 'join')) {
    const before = placeReplicas(cid, alive(ids), 1)[0]
    const after = placeReplicas(cid, alive([...ids, newcomer]), 1)[0]
    if (after !== before) {
      assert.is(after, newcomer)
      taken++
    }
  }
  // It takes about 1/9 of them.
  assert.ok(taken > 2000 / 9 * 0.7 && taken < 2000 / 9 * 1.3, `newcomer took ${taken} of 2000`)
})

test('load spreads: over 10,000 chunks each of 10 servers gets within 30% of the mean', async () => {
  const ids = peerIds(10)
  const first = new Map(ids.map(id => [id, 0]))
  const any = new Map(ids.map(id => [id, 0]))
  const chunks = await cids(10_000, 'spread')
  for (const cid of chunks) {
    const [a, b] = placeReplicas(cid, alive(ids), 2)
    first.set(a, first.get(a)! + 1)
    any.set(a, any.get(a)! + 1)
    any.set(b, any.get(b)! + 1)
  }
  for (const [name, counts, mean] of [['first replica', first, 1000], ['either replica', any, 2000]] as const) {
    for (const [id, n] of counts) {
      assert.ok(Math.abs(n - mean) <= 0.3 * mean, `${id} is ${name} of ${n} chunks; mean ${mean}: ${JSON.stringify([...counts.values()])}`)
    }
  }
})

test.run()
