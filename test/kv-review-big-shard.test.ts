// Adversarial review: a shard holding more than a few MiB cannot move.
//
// On 4 real peers (a group of 3 and a spare): shard 63 is filled with twelve
// values of almost 1 MiB each (the values are within the store's limits), then
// the spare joins as a group of its own and takes half the shards, shard 63
// among them (the giver's highest shards go). The new group pulls each shard
// on one stream, a piece (up to 1 MiB) per frame, and proposes each piece to
// its own log before it reads the next frame; the giver writes frames as fast
// as it reads them from LMDB. The shard must arrive and be served.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT, shardOf } from '../protocols/kv/shard.js'
import { askReplica, KvSwarm } from './helpers/kv.js'
import { waitFor } from './helpers/wait.js'

const VALUES = 12
const MiB = 1024 * 1024

test('a shard of 12 MiB moves to a group that joins, and is served there', async () => {
  await using k = await KvSwarm.up(4)
  const shard = SHARD_COUNT - 1
  const keys: string[] = []
  for (let i = 0; keys.length < VALUES; i++) if (shardOf(`big/${i}`) === shard) keys.push(`big/${i}`)
  for (const [n, key] of keys.entries()) await k.kv.put(key, new Uint8Array(MiB - 4096).fill(n))
  const { gid, config } = await k.joinSpare()
  assert.is(config.shards[shard], gid, `shard ${shard} goes to the new group ${gid}`)
  console.log(`configuration ${config.num}: ${gid} (peer ${k.index(k.spares[0])}) takes shard ${shard} (${VALUES} values of ~1 MiB)`)
  let last = ''
  try {
    await waitFor(`shard ${shard} to be served by ${gid}`, async () => {
      // Asked of the new group itself (one peer, its leader): a client with an older configuration could still read the giver's copy.
      const response = await askReplica(k.control, k.spares[0], gid, { get: { key: keys[VALUES - 1] } }, 5_000)
      last = `${response.error}: ${response.message}`
      return response.error === '' && response.value?.length === MiB - 4096
    }, { timeoutMs: 60_000, intervalMs: 500 })
  } catch (err) {
    const logs = (await k.swarm.peerLogs(400)).split('\n').filter(l => l.includes(`${gid}: pull`)).slice(-3)
    assert.unreachable(`${(err as Error).message}; the new group's last answer: ${last}\nthe new group's pull duty:\n${logs.join('\n')}`)
  }
  assert.is((await k.kv.get(keys[0]))?.length, MiB - 4096)
})

test.run()
