// A peer that lost its database but kept its identity (peer.key) comes back as
// a new replica of each control group, never as the voter it was: the leader
// ignores it until the council has removed the old voter and promoted the new
// replica, and the swarm keeps its master throughout.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

test('a voter whose db/ is wiped is replaced by its new self, and the master stays', async () => {
  await using swarm = await TestSwarm.up(3)
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  const masterIndex = swarm.peerIndex(before.master!.id)
  const victim = swarm.file.peers.findIndex((_, i) => i !== masterIndex)
  const victimId = swarm.file.peers[victim].id
  swarm.kill(victim)
  await swarm.waitForExit(victim)
  await rm(join(swarm.file.peers[victim].home, 'db'), { recursive: true, force: true })
  await swarm.upAgain()

  const masterLog = join(swarm.file.peers[masterIndex].home, 'peer.log')
  for (const group of ['master', 'shardmaster']) {
    await waitFor(`${group}: the old voter removed and the new replica promoted`, async () => {
      const log = await readFile(masterLog, 'utf8')
      const removed = log.indexOf(`${group}: council remove ${victimId}`)
      return removed >= 0 && log.indexOf(`${group}: council addVoter ${victimId}`, removed) > removed
    }, { timeoutMs: 30_000, intervalMs: 200 })
  }
  const after = await swarm.waitForLeaders('the council whole again', s => s.council.length === 3 && s.council.includes(victimId))
  assert.is(after.master?.id, before.master?.id, 'the master never moved')
  assert.is(after.master?.term, before.master?.term)
})

test.run()
