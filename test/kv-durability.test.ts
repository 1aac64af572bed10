// What the KV store keeps, on 4 real peers (a group of 3 and a spare):
//
// - durability: acknowledged writes survive SIGKILL of every peer at once
//   (writes in flight, a power cut as far as the processes can tell), and then
//   a clean stop and start.
// - the GDPR purge during a move: `user_7/` keys in every shard are purged
//   while a join moves half the shards; afterwards no `user_7/` key answers,
//   none is on any peer's disk (read from its LMDB), every other key is
//   untouched, and all of that holds after a leave and a full restart.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT } from '../protocols/kv/shard.js'
import { bytes, describeWriters, keyPerShard, KvSwarm, onDisk, readDisk, scanAll, shardCounts, startWriters, text, writesGoOn } from './helpers/kv.js'

const SETTLE_TIMEOUT_MS = 30_000

let k: KvSwarm

test.before(async () => {
  k = await KvSwarm.up(4)
})

test.after(async () => {
  await k?.[Symbol.asyncDispose]()
})

async function restart (how: 'down' | 'killed'): Promise<void> {
  await k.disconnect()
  if (how === 'down') await k.swarm.down()
  await k.swarm.upAgain()
  await k.connect()
}

test('acknowledged writes survive SIGKILL of every peer at once, then a clean stop and start', async () => {
  const writers = await startWriters(k.swarm.home, 4, 'put', (client, n) => ({ key: `durable/${client}/${n}`, value: `d ${client}.${n}` }))
  await writesGoOn(writers, 'before the crash', 200).finally(async () => {
    // Every peer at once, with writes in flight.
    for (const [index] of k.swarm.file.peers.entries()) k.swarm.kill(index)
    await writers.stop()
  })
  for (const [index] of k.swarm.file.peers.entries()) await k.swarm.waitForExit(index)
  console.log(describeWriters(writers, 'puts before every peer was SIGKILLed'))
  const acked = [...writers.acked].map(([key, [value]]) => ({ key, value }))
  const check = async (when: string): Promise<void> => {
    const stored = await scanAll(k.kv, 'durable/')
    const lost = acked.filter(({ key, value }) => stored.get(key) !== value).map(({ key }) => key)
    assert.equal(lost.slice(0, 20), [], `${when}: ${lost.length} of ${acked.length} acknowledged puts lost`)
    const strangers = [...stored.keys()].filter(key => !writers.acked.has(key) && !writers.unknown.has(key))
    assert.equal(strangers, [], `${when}: keys nobody put`)
  }
  await restart('killed')
  await check('after every peer was SIGKILLed')
  await restart('down')
  await check('after a clean stop and start')
})

test('GDPR purge during a move: no user_7/ key left anywhere, others untouched, still so after a restart', async () => {
  const doomed = [...keyPerShard('user_7/'), ...Array.from({ length: 4 * SHARD_COUNT }, (_, i) => `user_7/more/${i}`)]
  const kept = [...keyPerShard('user_8/'), 'user_70', 'user_7', 'user_/7', 'user_7.']
  await k.kv.multiput([...doomed, ...kept].map(key => ({ key, value: bytes(`v ${key}`) })))
  assert.is((await scanAll(k.kv, 'user_7/')).size, doomed.length)
  // The join is made (half the shards start moving), and the purge goes while they move.
  const before = await k.kv.shardmaster.query()
  const joined = await k.kv.shardmaster.join([k.spares[0]])
  const gid = Object.keys(joined.groups).find(g => before.groups[g] === undefined)!
  assert.is(shardCounts(joined)[gid], SHARD_COUNT / 2)
  const purged = await k.kv.purge('user_7/', { signal: AbortSignal.timeout(SETTLE_TIMEOUT_MS) })
  console.log(`purged ${purged} while group ${gid} joined`)
  assert.is(purged, doomed.length, 'the purge counts every user_7/ key once')
  const check = async (when: string): Promise<void> => {
    assert.equal([...(await scanAll(k.kv, 'user_7/')).keys()], [], `${when}: user_7/ keys answered`)
    const deadline = AbortSignal.timeout(SETTLE_TIMEOUT_MS)
    for (const key of kept) assert.is(text(await k.kv.get(key, { signal: deadline })), `v ${key}`, `${when}: ${key} untouched`)
  }
  await check('right after the purge')
  await k.kv.shardmaster.leave([gid], AbortSignal.timeout(SETTLE_TIMEOUT_MS))
  await check('after the leave')
  await k.disconnect()
  await k.swarm.down()
  // Stopped: what each peer's disk keeps.
  const disks = await Promise.all(k.swarm.file.peers.map(async (p, index) => ({ index, disk: await readDisk(p.home, 'user_7/') })))
  const left = [...onDisk(disks, 'user_7/')].map(([key, where]) => `${key}: ${where.join(', ')}`)
  const inLogs = disks.flatMap(({ index, disk }) => [...disk.logHits].map(([group, n]) => `peer ${index} ${group}: ${n}`))
  if (inLogs.length > 0) console.log(`note: Raft log entries still carrying user_7/ (log not compacted): ${inLogs.join('; ')}`)
  await k.swarm.upAgain()
  await k.connect()
  assert.equal(left.slice(0, 10), [], `${left.length} user_7/ pairs on the peers' disks after the purge`)
  await check('after a restart')
})

test.run()
