// Reconfigurations of the KV store, each on a swarm of its own of 4 real
// peers (a replica group of 3 serving every shard, and a spare):
// - a join undone at once: a leave right after a join (before the new group
//   has pulled its shards) must neither lose data nor wedge the store.
// - a multiget of many keys right after a join, by a client whose
//   configuration is stale, succeeds.
// - the only group leaving, then a group formed anew: the data is still
//   there (or the leave is refused).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT, shardOf } from '../protocols/kv/shard.js'
import type { ShardConfig } from '../protocols/kv/wire.js'
import { bytes, keyPerShard, KvSwarm, mapLimit, onDisk, text } from './helpers/kv.js'
import { waitFor } from './helpers/wait.js'

const SETTLE_TIMEOUT_MS = 30_000

test('a join undone at once (leave before the new group pulled): nothing lost, nothing wedged', async () => {
  await using k = await KvSwarm.up(4)
  const keys = Array.from({ length: 4 * SHARD_COUNT }, (_, i) => `undo/${i}`)
  await k.kv.multiput(keys.map(key => ({ key, value: bytes(`v ${key}`) })))
  const { gid } = await k.joinSpare()
  const left = await k.kv.shardmaster.leave([gid])
  console.log(`join made configuration ${left.num - 1}, leave ${left.num}`)
  const unreadable: string[] = []
  // A few at a time: this test is about the groups, not about a client's many concurrent refreshes (below).
  // One deadline for them all: a wedged store fails the reads still waiting at once.
  const deadline = AbortSignal.timeout(SETTLE_TIMEOUT_MS)
  await mapLimit(keys, 4, async key => {
    try {
      const value = text(await k.kv.get(key, { signal: deadline }))
      if (value !== `v ${key}`) unreadable.push(`${key} = ${value ?? 'missing'}`)
    } catch (err) {
      unreadable.push(`${key} (shard ${shardOf(key)}): ${(err as Error).message.split('\n')[0]}`)
    }
  })
  // What the store could not answer: is it still on some disk (wedged), or nowhere (lost)?
  const where = onDisk(await k.disks(), 'undo/')
  const lost = keys.filter(key => !where.has(key))
  const lostShards = [...new Set(lost.map(key => shardOf(key)))].sort((a, b) => a - b)
  if (unreadable.length > 0) console.log(`after join+leave: ${unreadable.length} of ${keys.length} keys unanswered, e.g. ${unreadable.sort()[0]}`)
  assert.equal(lostShards, [], `${lost.length} of ${keys.length} acknowledged keys on no peer's disk after a join undone at once (their shards listed)`)
  assert.equal(unreadable.slice(0, 5), [], `${unreadable.length} of ${keys.length} keys unanswered after a join undone at once`)
})

test('a multiget of 256 keys right after a join, from a client whose configuration is stale', async () => {
  await using k = await KvSwarm.up(4)
  const keys = Array.from({ length: 4 * SHARD_COUNT }, (_, i) => `many/${i}`)
  await k.kv.multiput(keys.map(key => ({ key, value: bytes(`v ${key}`) })))
  const { gid } = await k.joinSpare()
  // Half the keys' shards now belong to the new group: each of those gets
  // answers WRONG_GROUP or NOT_READY once, and the client looks up the new
  // configuration.
  const started = Date.now()
  let values: Map<string, Uint8Array | undefined>
  try {
    values = await k.kv.multiget(keys, { signal: AbortSignal.timeout(SETTLE_TIMEOUT_MS) })
  } catch (err) {
    assert.unreachable(`multiget of ${keys.length} keys after group ${gid} joined failed after ${Date.now() - started} ms: ${(err as Error).message}`)
    return
  }
  const wrong = keys.filter(key => text(values.get(key)) !== `v ${key}`)
  assert.equal(wrong, [], 'every key read back')
})

test('the only group leaves, a new group forms: the data is still there, or the leave is refused', async () => {
  await using k = await KvSwarm.up(4)
  const keys = keyPerShard('last/')
  await k.kv.multiput(keys.map(key => ({ key, value: bytes(`v ${key}`) })))
  let left: ShardConfig
  try {
    left = await k.kv.shardmaster.leave([k.main])
  } catch (err) {
    console.log(`the leave was refused: ${(err as Error).message}`)
    for (const key of keys) assert.is(text(await k.kv.get(key)), `v ${key}`)
    return
  }
  assert.ok(left.shards.every(g => g === ''), 'with no group left, no shard is assigned')
  // Every peer is a spare now: the shardmaster forms a new group of them, which takes every shard.
  const formed = await waitFor('a new group serving every shard', async () => {
    const config = await k.kv.shardmaster.query()
    const gids = Object.keys(config.groups)
    return gids.length === 1 && gids[0] !== k.main && config.shards.every(g => g === gids[0]) ? config : undefined
  }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 250 })
  console.log(`group ${Object.keys(formed.groups)[0]} formed (configuration ${formed.num})`)
  const deadline = AbortSignal.timeout(SETTLE_TIMEOUT_MS)
  const answers = await mapLimit(keys, 4, async key => await k.kv.get(key, { signal: deadline }).then(text, (err: unknown) => `unanswered: ${(err as Error).message.split('\n')[0]}`))
  const lost = keys.filter((key, i) => answers[i] !== `v ${key}`)
  const where = onDisk(await k.disks(), 'last/')
  const stranded = lost.filter(key => where.has(key)).map(key => `${key} on ${where.get(key)!.join(', ')}`)
  assert.equal(lost.length, 0, `${lost.length} of ${keys.length} keys gone from the store once a new group formed; still on disk: ${stranded.slice(0, 3).join('; ')}`)
})

test.run()
