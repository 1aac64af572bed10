// Real peer processes on 127.0.0.1 started by `shoal up`: elections, failover
// after SIGKILL, rejoin, and a full stop/start.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { SwarmStatus } from '../src/client/swarm.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

function assertOneCoordinatorEach (status: SwarmStatus, peers: number): void {
  assert.is(status.peers.filter(p => p.state === 'alive').length, peers)
  const holders = (role: string): string[] => status.peers.filter(p => p.roles.includes(role)).map(p => p.id)
  assert.equal(holders('master'), [status.master?.id], 'exactly one peer holds the master role')
  assert.equal(holders('shardmaster'), [status.shardmaster?.id], 'exactly one peer holds the shardmaster role')
  for (const peer of status.peers) {
    assert.ok(peer.roles.includes('chunkserver') && peer.roles.includes('worker'), `${peer.id} serves chunks and work`)
  }
}

for (const peers of [1, 3, 5]) {
  test(`a ${peers}-peer swarm elects exactly one master and one shardmaster`, async () => {
    await using swarm = await TestSwarm.up(peers)
    // Roles show in heartbeats, which take a beat to reach the master's view.
    const status = await waitFor('roles visible to the master', async () => {
      const s = await swarm.status()
      return s.peers.filter(p => p.roles.includes('master')).length === 1 &&
        s.peers.filter(p => p.roles.includes('shardmaster')).length === 1 &&
        s.council.length === (peers >= 5 ? 5 : peers >= 3 ? 3 : 1) ? s : undefined
    })
    assertOneCoordinatorEach(status, peers)
    assert.ok(status.council.includes(status.master!.id))
  })
}

test('SIGKILL of the master: a new one within 5 s; the old one rejoins as a follower and learns the leaders', async () => {
  await using swarm = await TestSwarm.up(3)
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  const victim = swarm.peerIndex(before.master!.id)
  const killedAt = Date.now()
  swarm.kill(victim)
  const after = await swarm.waitForLeaders('a new master', s => s.master!.id !== before.master!.id && s.master!.term > before.master!.term, 5_000)
  assert.ok(Date.now() - killedAt <= 5_000)
  assert.is.not(after.master!.id, before.master!.id)

  await swarm.upAgain()
  const rejoined = await waitFor('the old master alive again as a follower', async () => {
    const s = await swarm.status()
    const old = s.peers.find(p => p.id === before.master!.id)
    return old?.state === 'alive' && s.master!.id !== before.master!.id ? s : undefined
  })
  assert.ok(rejoined.master!.term >= after.master!.term)
  // The restarted peer's own view names the current leaders.
  const { Swarm } = await import('../src/client/swarm.js')
  const oldPeer = swarm.file.peers[victim]
  const direct = await Swarm.connect({ home: swarm.home, swarm: oldPeer.addrs })
  try {
    const own = await waitFor('the old master to learn the leaders', async () => {
      const s = await direct.status()
      return s.master?.id === rejoined.master!.id ? s : undefined
    })
    assert.is(own.master!.term, rejoined.master!.term)
    assert.ok(!own.peers.find(p => p.id === oldPeer.id)!.roles.includes('master'))
  } finally {
    await direct.close()
  }
})

test('SIGTERM of the master hands leadership over and stops the peer cleanly', async () => {
  await using swarm = await TestSwarm.up(3)
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  const leaving = swarm.peerIndex(before.master!.id)
  swarm.kill(leaving, 'SIGTERM')
  await swarm.waitForExit(leaving)
  const after = await swarm.waitForLeaders('a successor', s => s.master!.id !== before.master!.id)
  assert.ok(after.master!.term > before.master!.term)
  const log = await readFile(join(swarm.file.peers[leaving].home, 'peer.log'), 'utf8')
  assert.match(log, /master: handing leadership to \S+/)
  assert.match(log, /SIGTERM: stopping/)
})

test('a full stop and start keeps the council, the peers and the terms', async () => {
  await using swarm = await TestSwarm.up(3)
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  await swarm.down()
  await swarm.upAgain()
  const after = await swarm.waitForLeaders('leaders after restart', s => s.council.length === 3)
  assert.equal([...after.council].sort(), [...before.council].sort())
  assert.equal(after.peers.map(p => p.id).sort(), before.peers.map(p => p.id).sort())
  assert.ok(after.master!.term > before.master!.term, 'terms persisted: the new term is above the old')
})

test.run()
