// The console in a real browser against a real local swarm: the Swarm view
// shows every peer and the master, and follows the master when it is killed.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { browserTests, waitForText } from './helpers/browser.js'
import { shoal } from './helpers/cli.js'
import { TestSwarm } from './helpers/local-swarm.js'

const { launched, browserTest } = await browserTests()
const short = (id: string): string => id.slice(-8)

browserTest('the Swarm view shows every peer and the master, and the new master once the old one is killed', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(3, {}, { consoles: true })
  const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3)
  const master = before.master!
  // The page is served by a peer that is not the master, so it outlives it.
  const viewer = swarm.file.peers.findIndex(p => p.id !== master.id)
  const web = await shoal(['web'], { home: swarm.home })
  assert.is(web.code, 0, web.stderr)
  assert.is(web.stdout.trim(), await swarm.consoleUrl(0), '`shoal web` prints peer 0\'s console')
  const page = await launched.browser.newPage()
  try {
    await page.goto(`${await swarm.consoleUrl(viewer)}#swarm`)
    const peers = await waitForText(page, '#peers', text => swarm.file.peers.every(p => text.includes(short(p.id))))
    for (const peer of swarm.file.peers) assert.ok(peers.includes(short(peer.id)), `peer ${peer.id} listed`)
    const ids = await page.$$eval('#peers .peer', nodes => nodes.map(n => n.getAttribute('title')))
    assert.equal(new Set(ids), new Set(swarm.file.peers.map(p => p.id)), 'each row names a peer of the swarm in full')
    await waitForText(page, '[data-leader="master"]', text => text.includes(short(master.id)) && text.includes(`term ${master.term}`))

    swarm.kill(swarm.peerIndex(master.id))
    const after = await swarm.waitForLeaders('a new master', s => s.master != null && s.master.id !== master.id, 30_000)
    await waitForText(page, '[data-leader="master"]', text => text.includes(short(after.master!.id)) && !text.includes(short(master.id)), 30_000)
    await waitForText(page, '#peers', text => new RegExp(`${short(master.id)}\\s+(suspect|dead)`).test(text), 30_000)
  } finally {
    await page.close()
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
