// The KV store while shards move, on 4 real peers: a replica group of 3
// serves every shard, the 4th peer is a spare that `kv join` makes a group of
// one (it takes half the shards, 32..63) and `kv leave` disbands (they come
// back). Each test has a swarm of its own: a store wedged by one must not
// fail the next.
//
// - exactly-once appends: unique tokens appended through a leader SIGKILL and
//   a join, then through a leave; every acknowledged token is there once,
//   none twice, none that nobody sent.
// - moves under load: puts of unique keys through a join and a leave (the
//   pulling group's leader SIGKILLed and restarted during each); every
//   acknowledged key is there with its value, nothing else is; the group that
//   gave shards away answers WRONG_GROUP for them and, in time, keeps none of
//   their pairs on its disk.
//
// More reconfigurations in kv-reconfig.test.ts.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { SHARD_COUNT } from '../protocols/kv/shard.js'
import { describeWriters, KvSwarm, scanAll, shardsOnReplica, startWriters, text, waitForLeader, writesGoOn, type Writers } from './helpers/kv.js'
import { waitFor } from './helpers/wait.js'

const SETTLE_TIMEOUT_MS = 30_000

/** Each key's appended tokens `<...>`: none twice, every acknowledged one there, none that nobody sent. */
async function assertAppliedOnce (k: KvSwarm, keys: string[], writers: Writers[], when: string): Promise<void> {
  const deadline = AbortSignal.timeout(SETTLE_TIMEOUT_MS)
  for (const key of keys) {
    const value = text(await k.kv.get(key, { signal: deadline })) ?? ''
    const tokens = value.match(/<[^>]*>/g) ?? []
    const seen = new Map<string, number>()
    for (const token of tokens) seen.set(token, (seen.get(token) ?? 0) + 1)
    const twice = [...seen].filter(([, n]) => n > 1).map(([t, n]) => `${t} x${n}`)
    assert.equal(twice, [], `${when}, ${key}: appends applied more than once`)
    const acked = writers.flatMap(w => w.acked.get(key) ?? [])
    const missing = acked.filter(t => !seen.has(t))
    assert.equal(missing, [], `${when}, ${key}: ${missing.length} of ${acked.length} acknowledged appends lost`)
    const sent = new Set([...acked, ...writers.flatMap(w => w.unknown.get(key) ?? [])])
    assert.equal(tokens.filter(t => !sent.has(t)), [], `${when}, ${key}: tokens nobody appended here`)
  }
}

/** Waits until no peer's disk holds a pair of group `gid` in `shards`; returns what is still there on timeout. */
async function dropped (k: KvSwarm, gid: string, shards: number[]): Promise<string[]> {
  let left: string[] = []
  try {
    await waitFor(`group ${gid} to delete the shards it gave away from its disks`, async () => {
      const disks = await k.disks()
      left = disks.flatMap(({ index, disk }) => shards.flatMap(shard => {
        const names = disk.pairs.get(gid)?.get(shard) ?? []
        return names.length === 0 ? [] : [`peer ${index} shard ${shard}: ${names.length} pairs`]
      }))
      return left.length === 0
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 500 })
  } catch {}
  return left
}

test('exactly-once appends through a leader SIGKILL and a join, then through a leave', async () => {
  await using k = await KvSwarm.up(4)
  // once/a, once/e and once/f live in shards 32..63, which a joining group takes; once/c stays.
  const keys = ['once/a', 'once/c', 'once/e', 'once/f']
  const first = await startWriters(k.swarm.home, 4, 'append', (client, n) => ({ key: keys[(client + n) % keys.length], value: `<${client}.${n}>` }))
  let gid = ''
  try {
    await writesGoOn(first, 'at first')
    const leader = await waitForLeader(k.control, k.mainPeers, k.main)
    console.log(`SIGKILL the leader of ${k.main}, peer ${k.index(leader)}`)
    k.swarm.kill(k.index(leader))
    await k.swarm.waitForExit(k.index(leader))
    await writesGoOn(first, 'after the leader was killed')
    await k.swarm.upAgain()
    await writesGoOn(first, 'after it restarted')
    gid = (await k.joinSpare()).gid
    await writesGoOn(first, `after group ${gid} joined`, 40)
  } finally {
    await first.stop()
  }
  console.log(describeWriters(first, 'through the kill and the join'))
  await assertAppliedOnce(k, keys, [first], 'after the kill and the join')
  const second = await startWriters(k.swarm.home, 4, 'append', (client, n) => ({ key: keys[(client + n) % keys.length], value: `<L${client}.${n}>` }))
  try {
    await writesGoOn(second, 'before the leave')
    await k.kv.shardmaster.leave([gid])
    await writesGoOn(second, `after group ${gid} left`, 40)
  } finally {
    await second.stop()
  }
  console.log(describeWriters(second, 'through the leave'))
  await assertAppliedOnce(k, keys, [first, second], 'after the leave')
})

test('moves under load, with the pulling group\'s leader SIGKILLed each time: every acknowledged put survives a join and a leave, and the giver keeps nothing', async () => {
  await using k = await KvSwarm.up(4)
  const writers = await startWriters(k.swarm.home, 4, 'put', (client, n) => ({ key: `load/${client}/${n}`, value: `value ${client}.${n}` }))
  let gid = ''
  const stale: string[] = []
  try {
    await writesGoOn(writers, 'at first', 50)
    const joined = await k.joinSpare()
    gid = joined.gid
    // The new group's only peer dies while it pulls, and comes back.
    const spareIndex = k.index(k.spares[0])
    console.log(`SIGKILL peer ${spareIndex}, the only peer of ${gid}, while it pulls`)
    k.swarm.kill(spareIndex)
    await k.swarm.waitForExit(spareIndex)
    await k.swarm.upAgain()
    await writesGoOn(writers, `after group ${gid} joined and its peer restarted`, 50)
    // The main group refuses the shards it gave away, and in time deletes them.
    const given = joined.config.shards.flatMap((g, shard) => g === gid ? [shard] : [])
    const leader = await waitForLeader(k.control, k.mainPeers, k.main)
    await waitFor(`${k.main} to refuse the shards it gave to ${gid}`, async () => {
      const answers = await shardsOnReplica(k.control, leader, k.main)
      return given.every(shard => answers[shard].error === 'WRONG_GROUP')
    }, { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 200 })
    stale.push(...(await dropped(k, k.main, given)).map(s => `${k.main} after the join: ${s}`))
    await k.kv.shardmaster.leave([gid])
    // The main group's leader dies while it pulls the shards back, and comes back.
    const puller = await waitForLeader(k.control, k.mainPeers, k.main)
    console.log(`SIGKILL peer ${k.index(puller)}, the leader of ${k.main}, while it pulls`)
    k.swarm.kill(k.index(puller))
    await k.swarm.waitForExit(k.index(puller))
    await k.swarm.upAgain()
    await writesGoOn(writers, `after group ${gid} left and ${k.main}'s old leader restarted`, 50)
  } finally {
    await writers.stop()
  }
  console.log(describeWriters(writers, 'puts through a join and a leave'))
  const stored = await scanAll(k.kv, 'load/')
  const lost = [...writers.acked].filter(([key, [value]]) => stored.get(key) !== value).map(([key]) => `${key}=${stored.get(key) ?? 'missing'}`)
  assert.equal(lost.slice(0, 20), [], `${lost.length} acknowledged puts lost or changed`)
  assert.equal([...stored.keys()].filter(key => !writers.acked.has(key) && !writers.unknown.has(key)), [], 'keys nobody put')
  // The group that left answers for none of the shards, and in time keeps none on disk.
  const answers = await shardsOnReplica(k.control, k.spares[0], gid)
  const still = answers.filter(a => a.error !== 'WRONG_GROUP').map(a => `${a.shard}: ${a.error === '' ? `${a.keys.length} keys` : a.error}`)
  assert.equal(still, [], `group ${gid} after it left still answers for shards`)
  stale.push(...(await dropped(k, gid, Array.from({ length: SHARD_COUNT }, (_, s) => s))).map(s => `${gid} after the leave: ${s}`))
  assert.equal(stale, [], 'pairs a group gave away still on its disk')
})

test.run()
