// A replica group mended, on 4 real peers (a group of 3 and a spare): a
// member is SIGKILLed and stays down until the failure detector calls it dead;
// the shardmaster gives its place to the spare, which the group's leader takes
// in (past the log's compaction point, so it gets the group's state as a
// snapshot). Under a steady load of puts:
// - the newcomer's disk comes to hold every acknowledged pair, with its value;
// - with the newcomer needed for a quorum (the old leader SIGKILLed, until
//   the newcomer is elected), the store keeps taking writes from clients
//   that read the configuration before the mending;
// - the replaced member, restarted, disturbs nothing;
// - every acknowledged put is there at the end.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { groupName } from '../protocols/kv/wire.js'
import { groupIn } from '../protocols/status/wire.js'
import { bytes, describeWriters, KvSwarm, leaderNow, raftConfOnDisk, readDisk, scanAll, startWriters, waitForLeader, writesGoOn } from './helpers/kv.js'
import { waitFor } from './helpers/wait.js'

/** Past the Raft log's compaction point (1000 entries): a newcomer must get a snapshot. */
const PRELOAD = 1500

test('a dead member replaced by the spare: the newcomer gets every pair, serves in a quorum, and the old member back disturbs nothing', async () => {
  await using k = await KvSwarm.up(4)
  const { main } = k
  const spare = k.spares[0]
  const preload = Array.from({ length: PRELOAD }, (_, i) => ({ key: `pre/${i}`, value: `p${i}` }))
  for (let i = 0; i < preload.length; i += 250) await k.kv.multiput(preload.slice(i, i + 250).map(({ key, value }) => ({ key, value: bytes(value) })))
  const writers = await startWriters(k.swarm.home, 3, 'put', (client, n) => ({ key: `mend/${client}/${n}`, value: `m ${client}.${n}` }), 35_000)
  const leader = await waitForLeader(k.control, k.mainPeers, main)
  const victim = k.mainPeers.find(p => p !== leader)!
  try {
    await writesGoOn(writers, 'at first')
    console.log(`SIGKILL follower peer ${k.index(victim)} of ${main}, until it is replaced`)
    k.swarm.kill(k.index(victim))
    await k.swarm.waitForExit(k.index(victim))
    const mended = await waitFor(`the shardmaster to give ${main} the spare in place of the dead member`, async () => {
      const config = await k.kv.shardmaster.query()
      const peers = config.groups[main] ?? []
      return peers.includes(spare) && !peers.includes(victim) ? config : undefined
    }, { timeoutMs: 40_000, intervalMs: 250 })
    console.log(`configuration ${mended.num}: ${main} is peers ${mended.groups[main].map(p => k.index(p)).join(', ')}`)
    await writesGoOn(writers, 'after the replacement')
    // The newcomer's own disk comes to hold the group's state: the preload (from the snapshot) and what was acknowledged so far.
    const expected = new Map([...preload.map(({ key, value }) => [key, value] as const), ...[...writers.acked].map(([key, [value]]) => [key, value] as const)])
    let missing: string[] = []
    await waitFor(`the newcomer (peer ${k.index(spare)}) to hold every pair of ${main}`, async () => {
      const disk = await readDisk(k.swarm.file.peers[k.index(spare)].home)
      const held = disk.values.get(main) ?? new Map<string, string>()
      missing = [...expected].filter(([key, value]) => held.get(key) !== value).map(([key]) => key)
      return missing.length === 0
    }, { timeoutMs: 30_000, intervalMs: 500 }).catch(() => {
      assert.unreachable(`the newcomer lacks ${missing.length} of ${expected.size} pairs of ${main}, e.g. ${missing.slice(0, 5).join(', ')}`)
    })
    // The group's Raft membership becomes the configuration's (the newcomer a voter, the dead member removed) on the live members' disks.
    const members = [...mended.groups[main]].sort()
    let seen = ''
    await waitFor(`the Raft membership of ${main} to be peers ${members.map(p => k.index(p)).join(', ')}`, async () => {
      const confs = await Promise.all(members.map(async p => await raftConfOnDisk(k.swarm.file.peers[k.index(p)].home, groupName(main))))
      seen = confs.map(c => `voters ${c.voters.map(p => k.index(p)).join(',')} learners ${c.learners.map(p => k.index(p)).join(',')}`).join('; ')
      return confs.every(c => JSON.stringify([...c.voters].sort()) === JSON.stringify(members) && c.learners.length === 0)
    }, { timeoutMs: 20_000, intervalMs: 250 }).catch((err: unknown) => { throw new Error(`${(err as Error).message}; seen: ${seen}`) })
    // Now the newcomer is needed for a quorum: the leader goes, until the
    // newcomer is the one elected (each round, the old leader and the
    // replaced member come back). The writers' clients read the
    // configuration before the mending: they must find a leader that is not
    // in the group as they know it.
    let newcomerLeads = false
    for (let round = 1; round <= 4 && !newcomerLeads; round++) {
      // The control groups too must have mended (a dead voter replaced), or this kill takes the shardmaster down with
      // it: on every live voter's own log, not only the leader's (a change only the leader has dies with it).
      await waitFor('both control groups to have 3 live voters, in every voter\'s own view', async () => {
        const status = await k.control.status()
        const alive = (id: string): boolean => status.peers.find(p => p.id === id)?.state === 'alive'
        if (status.shardmaster == null || ![status.council, status.shardmasterCouncil].every(voters => voters.length === 3 && voters.every(alive))) return false
        const views = await k.control.views()
        const same = (voters: string[] | undefined): boolean => JSON.stringify([...voters ?? []].sort()) === JSON.stringify([...status.council].sort())
        return status.council.every(id => views.some(v => v.self === id && same(groupIn(v, 'master')?.voters) && same(groupIn(v, 'shardmaster')?.voters)))
      }, { timeoutMs: 30_000, intervalMs: 250 })
      const now = await waitForLeader(k.control, mended.groups[main], main)
      console.log(`round ${round}: SIGKILL the leader of ${main}, peer ${k.index(now)}`)
      k.swarm.kill(k.index(now))
      await k.swarm.waitForExit(k.index(now))
      const next = await waitForLeader(k.control, mended.groups[main].filter(p => p !== now), main)
      newcomerLeads = next === spare
      console.log(`peer ${k.index(next)} leads ${main}${newcomerLeads ? ': the newcomer' : ''}`)
      await writesGoOn(writers, `with the newcomer in the quorum and peer ${k.index(next)} leading`)
      await k.swarm.upAgain()
      await writesGoOn(writers, 'after the old leader and the replaced member came back', 50)
    }
    if (!newcomerLeads) console.log('note: the newcomer never won an election here; the client\'s stale view of the group went untested')
  } catch (err) {
    const config = await k.kv.shardmaster.query().catch(() => undefined)
    const peers = config?.groups[main] ?? []
    const leader = await leaderNow(k.control, peers, main)
    const status = await k.control.status().catch(() => undefined)
    console.log(`${describeWriters(writers, 'stalled')}; configuration ${config?.num ?? '?'}, the leader of ${main} now: ${leader === undefined ? 'none' : `peer ${k.index(leader)}`} of ${peers.map(p => k.index(p)).join(', ')}`)
    console.log(`status: council ${status?.council.map(p => k.index(p)).join(', ')}, shardmaster ${status?.shardmaster == null ? 'none' : k.index(status.shardmaster.id)}`)
    console.log(await k.swarm.peerLogs(40))
    throw err
  } finally {
    await writers.stop()
  }
  console.log(describeWriters(writers, 'puts through the mending'))
  const stored = await scanAll(k.kv, '')
  const lost = [...preload.map(({ key, value }) => [key, [value]] as const), ...writers.acked].filter(([key, [value]]) => stored.get(key) !== value).map(([key]) => key)
  assert.equal(lost.slice(0, 20), [], `${lost.length} acknowledged puts lost`)
  const config = await k.kv.shardmaster.query()
  assert.ok(config.groups[main].includes(spare), `${main} keeps the newcomer: ${JSON.stringify(config.groups)}`)
})

test.run()
