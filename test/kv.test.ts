// The KV store on a local swarm of 3 real peers: every operation through the
// client and the CLI, bad input refused with exit 1 and nothing changed,
// shards moving to a group that joins and back when it leaves (nothing lost,
// the giver's copy gone), a group down while the other serves, and every
// acknowledged write through a full stop and start.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT, shardOf } from '../protocols/kv/shard.js'
import { MAX_KEY_BYTES, MAX_VALUE_BYTES, type ShardConfig } from '../protocols/kv/wire.js'
import { KvClient } from '../src/client/kv.js'
import { Swarm } from '../src/client/swarm.js'
import { shoal } from './helpers/cli.js'
import { logEntriesHolding, pairsOnDisk } from './helpers/kv-disk.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { rejects } from './helpers/rejects.js'
import { waitFor } from './helpers/wait.js'

let swarm: TestSwarm
let client: Swarm
let kv: KvClient
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : Buffer.from(b).toString()

test.before(async () => {
  swarm = await TestSwarm.up(3)
  client = await Swarm.connect({ home: swarm.home })
  kv = new KvClient(client)
  await waitFor('every shard served by a group of all 3 peers', async () => {
    const config = await kv.shardmaster.query()
    const [gid] = Object.keys(config.groups)
    return gid !== undefined && config.groups[gid].length === 3 && config.shards.every(g => g === gid) ? config : undefined
  }, { timeoutMs: 30_000 })
})

test.after(async () => {
  kv?.close()
  await client?.close().catch(() => {})
  await swarm?.[Symbol.asyncDispose]()
})

const cli = async (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => await shoal(['kv', ...args], { home: swarm.home })

test('put, get, append, del and cas through the client', async () => {
  await kv.put('a', bytes('1'))
  assert.is(text(await kv.get('a')), '1')
  await kv.append('a', bytes('23'))
  assert.is(text(await kv.get('a')), '123')
  await kv.append('fresh', bytes('x'))
  assert.is(text(await kv.get('fresh')), 'x', 'append to a missing key starts it')
  assert.is(await kv.cas('a', bytes('nope'), bytes('z')), false)
  assert.is(text(await kv.get('a')), '123', 'a failed cas changes nothing')
  assert.is(await kv.cas('a', bytes('123'), bytes('456')), true)
  assert.is(text(await kv.get('a')), '456')
  assert.is(await kv.cas('lock', undefined, bytes('me')), true, 'cas on a missing key with no old value')
  assert.is(await kv.cas('lock', undefined, bytes('you')), false)
  assert.is(await kv.del('a'), true)
  assert.is(await kv.del('a'), false)
  assert.is(await kv.get('a'), undefined)
})

test('multiput, multiget, scan across shards in pages, purge by prefix', async () => {
  const pairs = Array.from({ length: 1200 }, (_, i) => ({ key: `scan/${String(i).padStart(4, '0')}`, value: bytes(`v${i}`) }))
  await kv.multiput(pairs)
  await kv.put('scanx', bytes('outside the prefix'))
  const got = await kv.multiget(['scan/0007', 'scan/1199', 'scan/none'])
  assert.is(text(got.get('scan/0007')), 'v7')
  assert.is(text(got.get('scan/1199')), 'v1199')
  assert.is(got.get('scan/none'), undefined)
  const scanned = new Map<string, string>()
  for await (const pair of kv.scan('scan/')) {
    assert.not.ok(scanned.has(pair.key), `${pair.key} scanned twice`)
    scanned.set(pair.key, text(pair.value)!)
  }
  assert.is(scanned.size, pairs.length)
  for (const { key, value } of pairs) assert.is(scanned.get(key), text(value))
  const shards = new Set(pairs.map(p => shardOf(p.key)))
  assert.is(shards.size, SHARD_COUNT, 'the keys spread over every shard')
  const [gid] = Object.keys((await kv.shardmaster.query()).groups)
  // The last write before the purge: the log has not been compacted past it yet.
  await kv.put('scan/marker', bytes('erase me'))
  const marker = bytes('scan/marker')
  assert.ok(swarm.file.peers.some(p => logEntriesHolding(p.home, `kv/${gid}`, marker) > 0), 'the put is in a Raft log before the purge')
  assert.is(await kv.purge('scan/'), pairs.length + 1)
  assert.is(await kv.purge('scan/'), 0)
  for await (const pair of kv.scan('scan/')) assert.unreachable(`${pair.key} survived the purge`)
  await waitFor('the purged puts gone from every Raft log too', async () => swarm.file.peers.every(p => logEntriesHolding(p.home, `kv/${gid}`, marker) === 0), { timeoutMs: 20_000 })
  assert.is(text(await kv.get('scanx')), 'outside the prefix', 'a key beside the prefix is untouched')
})

test('the CLI: put, get (exit 1 for a missing key), append, cas, scan --json, purge, query --json', async () => {
  assert.is((await cli('put', 'cli/k', 'v1')).code, 0)
  const got = await cli('get', 'cli/k')
  assert.is(got.code, 0, got.stderr)
  assert.is(got.stdout, 'v1')
  const missing = await cli('get', 'cli/missing')
  assert.is(missing.code, 1)
  assert.match(missing.stderr, /no key "cli\/missing"/)
  assert.is((await cli('append', 'cli/k', '+2')).code, 0)
  const json = JSON.parse((await cli('get', 'cli/k', '--json')).stdout)
  assert.equal(json, { key: 'cli/k', value: 'v1+2' })
  const refused = await cli('cas', 'cli/k', 'wrong', 'x')
  assert.is(refused.code, 1)
  assert.is((await cli('cas', 'cli/k', 'v1+2', 'v3')).code, 0)
  const scan = JSON.parse((await cli('scan', 'cli/', '--json')).stdout)
  assert.equal(scan.pairs, [{ key: 'cli/k', value: 'v3' }])
  const purge = JSON.parse((await cli('purge', 'cli/', '--json')).stdout)
  assert.is(purge.purged, 1)
  const query = JSON.parse((await cli('query', '--json')).stdout)
  assert.equal(Object.keys(query).sort(), ['groups', 'num', 'shards'])
  assert.is(query.shards.length, SHARD_COUNT)
  const first = JSON.parse((await cli('query', '0', '--json')).stdout)
  assert.equal(first, { num: 0, shards: new Array(SHARD_COUNT).fill(''), groups: {} }, 'configuration 0 assigns nothing')
})

test('bad input: exit 1, a clear message, nothing changed', async () => {
  const before = await kv.shardmaster.query()
  const cases: Array<[string[], RegExp]> = [
    [['put', '', 'x'], /the key is empty/],
    [['put', 'k'.repeat(MAX_KEY_BYTES + 1), 'x'], /over the 1024 byte limit/],
    [['get', 'k'.repeat(MAX_KEY_BYTES + 1)], /over the 1024 byte limit/],
    [['move', 'seven', Object.keys(before.groups)[0]], /whole number/],
    [['move', '3', 'g999'], /g999/],
    [['move', String(SHARD_COUNT), Object.keys(before.groups)[0]], /shard/],
    [['leave', 'g999'], /g999/],
    [['query', 'latest'], /whole number/],
    [['purge', ''], /empty/]
  ]
  for (const [args, message] of cases) {
    const result = await cli(...args)
    assert.is(result.code, 1, `${args.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, message, args.join(' '))
  }
  await rejects(kv.put('big', new Uint8Array(MAX_VALUE_BYTES + 1)), /over the/)
  assert.is(await kv.get('big'), undefined)
  assert.equal(await kv.shardmaster.query(), before, 'no configuration was made')
})

/** The configuration once every group serves what it was given: the groups' answers are served without NOT_READY. */
async function settled (accept: (config: ShardConfig) => boolean): Promise<ShardConfig> {
  return await waitFor('a configuration', async () => {
    const config = await kv.shardmaster.query()
    return accept(config) ? config : undefined
  }, { timeoutMs: 30_000 })
}

test('a group joins: half the shards move to it, nothing is lost; it leaves: they move back', async () => {
  const keys = Array.from({ length: 300 }, (_, i) => `move/${i}`)
  await kv.multiput(keys.map(key => ({ key, value: bytes(`value of ${key}`) })))
  const before = await kv.shardmaster.query()
  const joined = await kv.shardmaster.join([swarm.file.peers[2].id])
  const gid = Object.keys(joined.groups).find(g => before.groups[g] === undefined)!
  const moved = joined.shards.filter(g => g === gid).length
  assert.is(moved, SHARD_COUNT / 2, 'the new group takes half the shards')
  for (const key of keys) assert.is(text(await kv.get(key)), `value of ${key}`, `${key} after the join`)
  assert.ok(pairsOnDisk(swarm.file.peers[2].home, gid) > 0, 'the new group keeps its pairs')
  const [old] = Object.keys(before.groups)
  let keptByOld = 0
  for await (const pair of kv.scan('')) if (joined.shards[shardOf(pair.key)] === old) keptByOld++
  await waitFor(`group ${old} drops the shards it gave away`, async () => pairsOnDisk(swarm.file.peers[0].home, old) === keptByOld, { timeoutMs: 20_000 })
  await kv.put('move/after-join', bytes('x'))
  const left = await kv.shardmaster.leave([gid])
  assert.ok(left.shards.every(g => g !== gid && g !== ''))
  for (const key of keys) assert.is(text(await kv.get(key)), `value of ${key}`, `${key} after the leave`)
  assert.is(text(await kv.get('move/after-join')), 'x')
  await settled(config => config.num === left.num)
  await waitFor(`group ${gid}'s pairs gone from its peer's disk`, async () => pairsOnDisk(swarm.file.peers[2].home, gid) === 0, { timeoutMs: 20_000 })
})


test('a group down: keys of the other group\'s shards still work', async () => {
  const before = await kv.shardmaster.query()
  const joined = await kv.shardmaster.join([swarm.file.peers[2].id])
  const gid = Object.keys(joined.groups).find(g => before.groups[g] === undefined)!
  const keyIn = (shard: number): string => { for (let i = 0; ; i++) if (shardOf(`down/${i}`) === shard) return `down/${i}` }
  const keys = Array.from({ length: SHARD_COUNT }, (_, shard) => keyIn(shard))
  await kv.multiput(keys.map(key => ({ key, value: bytes(key) })))
  swarm.kill(2)
  await swarm.waitForExit(2)
  const ownedByDown = (key: string): boolean => joined.shards[shardOf(key)] === gid
  for (const key of keys.filter(k => !ownedByDown(k))) {
    assert.is(text(await kv.get(key)), key)
    await kv.put(key, bytes(`${key} again`))
  }
  const unserved = keys.find(ownedByDown)!
  await rejects(kv.get(unserved, { signal: AbortSignal.timeout(2_000) }), /abort|timeout/i)
  await swarm.upAgain()
  assert.is(text(await kv.get(unserved)), unserved, 'the group is back with its keys')
  await kv.shardmaster.leave([gid])
  for (const key of keys) assert.is(text(await kv.get(key)), ownedByDown(key) ? key : `${key} again`)
})

test('every acknowledged write survives a full stop and start', async () => {
  const keys = Array.from({ length: 100 }, (_, i) => `durable/${i}`)
  await kv.multiput(keys.map(key => ({ key, value: bytes(key) })))
  await kv.append('durable/0', bytes('+'))
  kv.close()
  await client.close()
  await swarm.down()
  await swarm.upAgain()
  client = await Swarm.connect({ home: swarm.home })
  kv = new KvClient(client)
  assert.is(text(await kv.get('durable/0')), 'durable/0+')
  for (const key of keys.slice(1)) assert.is(text(await kv.get(key)), key)
})

test.run()
