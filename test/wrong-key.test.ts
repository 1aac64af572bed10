// A peer or client holding another swarm key cannot join, and says why.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { generateSwarmKey, writeSwarmKey } from '../src/peer/swarm-key.js'
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

test('a peer with the wrong swarm key cannot join, and says so', async () => {
  await using swarm = await TestSwarm.up(1)
  await using outsiderHome = await tempHome()
  await writeSwarmKey(join(outsiderHome.path, 'swarm.key'), generateSwarmKey())
  const outsider = spawn(process.execPath, [SHOAL_BIN, 'peer', 'start', '--home', outsiderHome.path, '--listen', '/ip4/127.0.0.1/tcp/0', '--swarm', swarm.file.peers[0].addrs[0]], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHOAL_EXIT_WITH_PID: String(process.pid) }
  })
  let output = ''
  outsider.stdout.on('data', (d: Buffer) => { output += d.toString() })
  outsider.stderr.on('data', (d: Buffer) => { output += d.toString() })
  try {
    await waitFor('the outsider to report the refused handshake', () => /cannot join via .*wrong swarm key\?/.test(output), { timeoutMs: 20_000 })
    const id = output.match(/^peer (\S+)/m)?.[1]
    assert.ok(id != null, 'the outsider printed its id')
    const status = await swarm.status()
    assert.not.ok(status.peers.some(p => p.id === id), 'the outsider is not a member')
  } finally {
    outsider.kill('SIGKILL')
  }
})

test('a client with the wrong swarm key gets exit code 2 and the reason', async () => {
  await using swarm = await TestSwarm.up(1)
  await using clientHome = await tempHome()
  await writeSwarmKey(join(clientHome.path, 'swarm.key'), generateSwarmKey())
  const result = await shoal(['swarm', 'status', '--home', clientHome.path, '--swarm', swarm.file.peers[0].addrs[0]])
  assert.is(result.code, 2)
  assert.match(result.stderr, /wrong swarm key\?/)
})

test('with no swarm to find, a client says how to start one (exit 2)', async () => {
  await using home = await tempHome()
  const result = await shoal(['swarm', 'status'], { home: home.path, env: { SHOAL_SWARM: '' } })
  assert.is(result.code, 2)
  assert.match(result.stderr, /shoal up --peers 3/)
})

test.run()
