// The council on real peer processes: dead voters are replaced by live peers,
// and --roles decides which worker roles a peer serves.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

test('a voter dead for 10 s is replaced by a live peer', async () => {
  await using swarm = await TestSwarm.up(4)
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  const spare = swarm.file.peers.find(p => !before.council.includes(p.id))!
  const victim = before.council.find(id => id !== before.master!.id)!
  swarm.kill(swarm.peerIndex(victim))
  const after = await swarm.waitForLeaders('the spare to take the dead voter\'s seat', s =>
    s.council.length === 3 && !s.council.includes(victim) && s.council.includes(spare.id) &&
    s.shardmasterCouncil.length === 3 && !s.shardmasterCouncil.includes(victim), 30_000)
  assert.is(after.peers.find(p => p.id === victim)?.state, 'dead')
})

test('--roles limits the worker roles a peer serves; a bad role is a user error', async () => {
  await using swarm = await TestSwarm.up(1)
  await using home = await tempHome()
  const bad = await shoal(['peer', 'start', '--home', home.path, '--roles', 'chunkserver,bogus'])
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /unknown role "bogus"/)

  const child = spawn(process.execPath, [SHOAL_BIN, 'peer', 'start', '--home', home.path, '--swarm-key', swarm.file.swarmKey,
    '--listen', '/ip4/127.0.0.1/tcp/0', '--roles', 'chunkserver', '--swarm', swarm.file.peers[0].addrs[0]], {
    stdio: 'ignore', env: { ...process.env, SHOAL_EXIT_WITH_PID: String(process.pid) }
  })
  try {
    const status = await waitFor('the chunkserver-only peer to show', async () => {
      const s = await swarm.status()
      return s.peers.length === 2 && s.peers.every(p => p.roles.length > 0) ? s : undefined
    })
    const newcomer = status.peers.find(p => p.id !== swarm.file.peers[0].id)!
    assert.equal(newcomer.roles, ['chunkserver'])
  } finally {
    child.kill('SIGKILL')
  }
})

test.run()
