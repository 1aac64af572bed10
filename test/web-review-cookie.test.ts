// Review: `--http-token` is for a shared machine, where other users run
// their own servers on the same loopback address. Browsers scope cookies by
// host, not by port, so the console's session cookie (shoal_session_<port>,
// SameSite=Strict: and two ports of one host are the same site) goes with
// every request the browser makes to ANY port of 127.0.0.1. Whoever runs a
// server on another port and gets the console's user to open one of its
// pages receives the session, and the session is a fixed function of the
// token (HMAC(token)), so it works against the console for good: across
// its restarts, with no logout or expiry.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { launchBrowser, waitForText } from './helpers/browser.js'
import { TestSwarm } from './helpers/local-swarm.js'
import { waitFor } from './helpers/wait.js'

const launched = await launchBrowser()
if ('skip' in launched) console.log(`SKIPPED: ${launched.skip}`)
const browserTest = 'skip' in launched ? test.skip : test

browserTest('a signed-in console\'s session is not handed to another server on the same host', async () => {
  if ('skip' in launched) return
  await using swarm = await TestSwarm.up(1, {}, { consoles: true, consoleToken: true })
  const url = await swarm.consoleUrl(0)
  const token = (await readFile(join(swarm.file.peers[0].home, 'console.token'), 'utf8')).trim()

  // Another user's server on the same address, another port.
  const seen: IncomingHttpHeaders[] = []
  const other = createServer((request, response) => { seen.push(request.headers); response.end('<!doctype html><title>other</title><p>hello') })
  await new Promise<void>(resolve => other.listen(0, new URL(url).hostname, resolve))
  const page = await launched.browser.newPage()
  try {
    // Signed in as a browser would be, had the login form worked (see web-review-login): the cookie /login sets.
    const login = await fetch(new URL('/login', url), { method: 'POST', headers: { origin: new URL(url).origin }, body: new URLSearchParams({ token }), redirect: 'manual' })
    const [name, value] = (login.headers.get('set-cookie') ?? '').split(';')[0].split('=')
    assert.ok(name.startsWith('shoal_session_') && value !== undefined, 'signed in')
    await page.setCookie({ name, value, url, httpOnly: true, sameSite: 'Strict' })
    await page.goto(url)
    await waitForText(page, 'nav', text => text.includes('Swarm'))

    await page.goto(`http://${new URL(url).hostname}:${(other.address() as AddressInfo).port}/`)
    const headers = await waitFor('the other server\'s request', () => seen[0])
    const cookie = headers.cookie ?? ''
    const stolen = /shoal_session_\d+=[^;]+/.exec(cookie)?.[0]
    if (stolen !== undefined) {
      // What the other server can do with it: use the console as the signed-in user.
      const used = await fetch(new URL('/api/swarm', url), { headers: { cookie: stolen } })
      assert.is(used.status, 401, `the other server, handed "${stolen}", uses the console with it (${used.status})`)
    }
    assert.is(stolen, undefined, 'the other server received the console\'s session cookie')
  } finally {
    await page.close()
    other.closeAllConnections()
    await new Promise<void>(resolve => other.close(() => { resolve() }))
  }
})

test.after(async () => { if ('browser' in launched) await launched.browser.close() })
test.run()
