// Adversarial review: a member replaced, back, and named again.
//
// On 4 real peers (a group of 3 and a spare): a follower C of the group is
// SIGKILLed until the shardmaster replaces it with the spare D. C is started
// again: the group's leader answers its campaign with Removed, so C retires its
// replica and erases it, which leaves a tombstone for the group's consensus id.
// C is now the only spare. A second member B is SIGKILLed: the shardmaster
// gives B's place to C. The group must take C in (its Raft membership becomes
// the configuration's, C a voter): otherwise the group runs on two live voters
// of three while the shardmaster believes it whole, and one more failure
// wedges it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { groupName } from '../protocols/kv/wire.js'
import { bytes, KvSwarm, raftConfOnDisk, text, waitForLeader } from './helpers/kv.js'
import { waitFor } from './helpers/wait.js'

async function logOf (k: KvSwarm, peer: string): Promise<string> {
  return await readFile(join(k.swarm.file.peers[k.index(peer)].home, 'peer.log'), 'utf8').catch(() => '')
}

async function controlMended (k: KvSwarm): Promise<void> {
  await waitFor('both control groups to have 3 live voters', async () => {
    const status = await k.control.status()
    const alive = (id: string): boolean => status.peers.find(p => p.id === id)?.state === 'alive'
    return status.shardmaster != null && [status.council, status.shardmasterCouncil].every(voters => voters.length === 3 && voters.every(alive))
  }, { timeoutMs: 40_000, intervalMs: 250 })
}

test('a replaced member that retired its replica, named again in the group, is taken back in', async () => {
  await using k = await KvSwarm.up(4)
  const { main } = k
  const spare = k.spares[0]
  const name = (p: string): string => `peer ${k.index(p)}`
  await k.kv.multiput(Array.from({ length: 50 }, (_, i) => ({ key: `t/${i}`, value: bytes(`v${i}`) })))
  const leader = await waitForLeader(k.control, k.mainPeers, main)
  const c = k.mainPeers.find(p => p !== leader)!
  console.log(`group ${main}: ${k.mainPeers.map(name).join(', ')}; SIGKILL ${name(c)} until it is replaced by ${name(spare)}`)
  k.swarm.kill(k.index(c))
  await k.swarm.waitForExit(k.index(c))
  const mended = await waitFor(`${main} to have the spare in place of ${name(c)}`, async () => {
    const config = await k.kv.shardmaster.query()
    const peers = config.groups[main] ?? []
    return peers.includes(spare) && !peers.includes(c) ? config : undefined
  }, { timeoutMs: 60_000, intervalMs: 250 })
  const first = [...mended.groups[main]].sort()
  await waitFor(`the Raft membership of ${main} to be ${first.map(name).join(', ')}`, async () => {
    const confs = await Promise.all(first.map(async p => await raftConfOnDisk(k.swarm.file.peers[k.index(p)].home, groupName(main))))
    return confs.every(conf => JSON.stringify([...conf.voters].sort()) === JSON.stringify(first) && conf.learners.length === 0)
  }, { timeoutMs: 30_000, intervalMs: 250 })
  await controlMended(k)

  console.log(`${name(c)} back: it should learn it was removed and retire its replica of ${main}`)
  await k.swarm.upAgain()
  await waitFor(`${name(c)} to retire its replica of ${main}`, async () => (await logOf(k, c)).includes(`replica of group ${main} retired`), { timeoutMs: 30_000, intervalMs: 250 })
  await controlMended(k)

  const leader2 = await waitForLeader(k.control, first, main)
  const b = first.find(p => p !== leader2 && p !== spare)!
  console.log(`SIGKILL ${name(b)}: its place can only go to ${name(c)}, the one spare`)
  k.swarm.kill(k.index(b))
  await k.swarm.waitForExit(k.index(b))
  const again = await waitFor(`${main} to name ${name(c)} again in place of ${name(b)}`, async () => {
    const config = await k.kv.shardmaster.query()
    const peers = config.groups[main] ?? []
    return peers.includes(c) && !peers.includes(b) ? config : undefined
  }, { timeoutMs: 60_000, intervalMs: 250 })
  const second = [...again.groups[main]].sort()
  console.log(`configuration ${again.num}: ${main} is ${second.map(name).join(', ')}`)

  let seen = ''
  try {
    await waitFor(`the Raft membership of ${main} to be ${second.map(name).join(', ')}`, async () => {
      const live = second.filter(p => p !== c)
      const confs = await Promise.all(live.map(async p => await raftConfOnDisk(k.swarm.file.peers[k.index(p)].home, groupName(main))))
      seen = confs.map((conf, i) => `${name(live[i])}: voters ${conf.voters.map(name).join(',')} learners ${conf.learners.map(name).join(',')}`).join('; ')
      return confs.every(conf => JSON.stringify([...conf.voters].sort()) === JSON.stringify(second) && conf.learners.length === 0)
    }, { timeoutMs: 45_000, intervalMs: 500 })
  } catch (err) {
    const lines = (await logOf(k, c)).split('\n').filter(line => line.includes(main)).slice(-6)
    assert.unreachable(`${(err as Error).message}; seen: ${seen}\n${name(c)}'s log about ${main}:\n${lines.join('\n')}`)
  }
  // And its pairs reach the returned member (it serves in the quorum).
  const value = await k.kv.get('t/7', { signal: AbortSignal.timeout(20_000) })
  assert.is(text(value), 'v7')
})

test.run()
