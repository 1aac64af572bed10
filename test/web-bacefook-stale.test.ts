// Bacefook shows the user the URL names, whatever order answers come back
// in: open user_1, then user_2 before user_1's profile has arrived; user_1's
// late answer must not replace user_2's profile (whose Post and Delete my
// data would then act on user_1).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { browserTests, holdAnswer, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const { launched, browserTest } = await browserTests()

browserTest('a slow answer for the user left behind does not replace the profile of the user now selected', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(3, {}, { consoles: true })
  const url = await swarm.consoleUrl(0)
  const origin = new URL(url).origin
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(url)).text())?.[1] ?? ''
  for (const name of ['Alice', 'Bob']) {
    const made = await fetch(new URL('/api/bacefook/users', url), { method: 'POST', headers: { origin, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
    assert.is(made.status, 201)
  }
  const page = await launched.browser.newPage()
  const slow = await holdAnswer(page, { pathname: '/api/bacefook/users/user_1' })
  try {
    await page.goto(new URL('/bacefook#user_1', url).href)
    await waitFor('the request for user_1', () => slow.request())
    await page.evaluate('location.hash = "#user_2"')
    await waitForText(page, '#profile-name', text => text.includes('Bob'))
    await slow.release()
    // A task after user_1's answer is settled, the page has done all it will with it.
    await waitFor('the page to be done with user_1\'s answer', slow.settled)
    await page.evaluate('new Promise(resolve => setTimeout(resolve, 0))')
    const shown = await page.$eval('#profile-name', n => (n as unknown as { innerText: string }).innerText)
    assert.is(await page.evaluate('location.hash'), '#user_2')
    assert.match(shown, /Bob/, `the URL says #user_2 but the profile shows: ${shown}`)
  } finally {
    await page.close()
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
