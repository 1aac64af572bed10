// A console that asks for its token, signed into from a real browser through
// its login form. (Under Referrer-Policy no-referrer a browser sends the
// form's POST with Origin: null, which the same-origin check refuses; the
// console says same-origin.)
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { browserTests, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'

const { launched, browserTest } = await browserTests()

browserTest('the login form signs a browser in with the right token, and Sign out signs it out', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(1, {}, { consoles: true, consoleToken: true })
  const url = await swarm.consoleUrl(0)
  const token = (await readFile(join(swarm.file.peers[0].home, 'console.token'), 'utf8')).trim()
  const page = await launched.browser.newPage()
  const origins: string[] = []
  page.on('request', request => { if (request.method() === 'POST') origins.push(request.headers().origin ?? '(none)') })
  try {
    await page.goto(new URL('/login', url).href)
    await page.type('input[name="token"]', token)
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')])
    const shown = await page.$eval('body', n => (n as unknown as { innerText: string }).innerText)
    assert.not.match(shown, /cross-origin request refused/, `the login POST (Origin: ${origins.join(', ')}) was refused as cross-origin: ${answer?.status()} ${shown.slice(0, 100)}`)
    assert.is(new URL(page.url()).pathname, '/', 'signed in, the browser is sent to the console')
    await waitForText(page, 'nav', text => text.includes('Swarm'))

    // Sign out: back at the sign-in page, and the console is closed to this browser again.
    await Promise.all([page.waitForNavigation(), page.click('#sign-out')])
    assert.is(new URL(page.url()).pathname, '/login')
    const again = await page.goto(url)
    assert.is(again?.status(), 401, 'signed out, the console asks for the token again')
  } finally {
    await page.close()
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
