// `shoal up` builds its own local swarm whatever the environment points at.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readSwarmFile } from '../src/client/swarm-file.js'
import { isPeerProcess } from '../src/client/local-swarm.js'
import { shoal, tempHome } from './helpers/cli.js'

test('shoal up ignores $SHOAL_SWARM (set for another swarm)', async () => {
  await using home = await tempHome()
  const elsewhere = '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
  try {
    const up = await shoal(['up', '--peers', '1', '--json'], { home: home.path, env: { SHOAL_SWARM: elsewhere } })
    assert.is(up.code, 0, up.stderr)
    const file = JSON.parse(up.stdout)
    assert.is(file.peers.length, 1)
    const status = await shoal(['swarm', 'status', '--json'], { home: home.path, env: { SHOAL_SWARM: '' } })
    assert.is(status.code, 0, status.stderr)
    assert.is(JSON.parse(status.stdout).master.id, file.peers[0].id)
  } finally {
    await shoal(['down'], { home: home.path })
    for (const peer of (await readSwarmFile(home.path))?.peers ?? []) {
      if (await isPeerProcess(peer.pid, peer.home)) process.kill(peer.pid, 'SIGKILL')
    }
  }
})

test.run()
