// The shardmaster's automatic replica groups on real peers: the first group
// of 3 forms by itself and a fourth peer waits as a spare; a member SIGKILLed
// is replaced by the spare once dead, which catches up with the group's
// pairs; with 3 more spare peers a second group forms and takes half the
// shards, nothing lost.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT } from '../protocols/kv/shard.js'
import type { ShardConfig } from '../protocols/kv/wire.js'
import { KvClient } from '../src/client/kv.js'
import { Swarm } from '../src/client/swarm.js'
import { pairsOnDisk } from './helpers/kv-disk.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

let swarm: TestSwarm
let client: Swarm
let kv: KvClient
const text = (b: Uint8Array | undefined): string | undefined => b === undefined ? undefined : Buffer.from(b).toString()
const KEYS = Array.from({ length: 200 }, (_, i) => `groups/${i}`)

test.before(async () => {
  swarm = await TestSwarm.up(4)
  client = await Swarm.connect({ home: swarm.home })
  kv = new KvClient(client)
})

test.after(async () => {
  kv?.close()
  await client?.close().catch(() => {})
  await swarm?.[Symbol.asyncDispose]()
})

async function configWhere (what: string, accept: (config: ShardConfig) => boolean, timeoutMs = 30_000): Promise<ShardConfig> {
  return await waitFor(what, async () => {
    const config = await kv.shardmaster.query()
    return accept(config) ? config : undefined
  }, { timeoutMs })
}

async function assertEveryKey (): Promise<void> {
  for (const key of KEYS) assert.is(text(await kv.get(key)), key, key)
}

test('one group of 3 forms by itself and serves every shard; the fourth peer waits as a spare', async () => {
  const config = await configWhere('a group of 3', c => Object.values(c.groups).some(peers => peers.length === 3))
  assert.is(Object.keys(config.groups).length, 1)
  const [gid] = Object.keys(config.groups)
  assert.ok(config.shards.every(g => g === gid), 'every shard is the group\'s')
  await kv.multiput(KEYS.map(key => ({ key, value: new TextEncoder().encode(key) })))
  await assertEveryKey()
})

test('a member killed is replaced by the spare once dead; the spare catches up with the group\'s pairs', async () => {
  const before = await kv.shardmaster.query()
  const [gid] = Object.keys(before.groups)
  const members = before.groups[gid]
  const spare = swarm.file.peers.find(p => !members.includes(p.id))!
  const victim = swarm.peerIndex(members[0])
  swarm.kill(victim)
  await swarm.waitForExit(victim)
  const after = await configWhere(`${spare.id} replacing ${members[0]}`, c => c.groups[gid]?.includes(spare.id) === true && !c.groups[gid].includes(members[0]))
  assert.is(after.groups[gid].length, 3)
  await assertEveryKey()
  await waitFor('the spare holding every pair of the group', async () => pairsOnDisk(spare.home, gid) >= KEYS.length, { timeoutMs: 30_000 })
})

test('three spare peers form a second group, which takes half the shards; nothing is lost', async () => {
  await swarm.upAgain(6)
  const config = await configWhere('two groups of 3', c => Object.values(c.groups).filter(peers => peers.length === 3).length === 2)
  const counts = Object.keys(config.groups).map(gid => config.shards.filter(g => g === gid).length)
  assert.equal(counts, [SHARD_COUNT / 2, SHARD_COUNT / 2])
  await assertEveryKey()
})

test.run()
