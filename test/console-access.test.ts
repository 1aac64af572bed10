// Who may use the web console, checked over HTTP against real peers: a
// console that asks for its token answers 401 without it and a session after
// /login; changes must be same-origin POSTs with the CSRF token; a tokenless
// loopback console answers only to its own host names; every answer carries
// the Content-Security-Policy.
import { readFile, stat } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isLoopback, parseHttpAddress } from '../src/web/http-address.js'
import { TestSwarm } from './helpers/local-swarm.js'

test('--http addresses parse, and only loopback ones go without a token', () => {
  assert.equal(parseHttpAddress('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 })
  assert.equal(parseHttpAddress('[::1]:0'), { host: '::1', port: 0 })
  assert.equal(parseHttpAddress('localhost:9'), { host: 'localhost', port: 9 })
  for (const bad of ['8080', '127.0.0.1', 'example.org:80', '127.0.0.1:70000', '[zz]:1', ':80']) {
    assert.throws(() => parseHttpAddress(bad), /--http wants/, bad)
  }
  assert.ok(isLoopback('127.0.0.1') && isLoopback('127.3.2.1') && isLoopback('::1') && isLoopback('localhost'))
  assert.not.ok(isLoopback('0.0.0.0') || isLoopback('10.0.0.5') || isLoopback('::') || isLoopback('128.0.0.1'))
})

const csrfOf = (html: string): string => /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1] ?? ''

test('a console with a token: 401 without it, a session after /login, and every change same-origin with the CSRF token', async () => {
  await using swarm = await TestSwarm.up(1, {}, { consoles: true, consoleToken: true })
  const url = await swarm.consoleUrl(0)
  const origin = new URL(url).origin
  const peerHome = swarm.file.peers[0].home
  const tokenFile = join(peerHome, 'console.token')
  assert.is((await stat(tokenFile)).mode & 0o777, 0o600, 'the token file is the owner\'s alone')
  const token = (await readFile(tokenFile, 'utf8')).trim()
  const log = await readFile(join(peerHome, 'peer.log'), 'utf8')
  assert.is(log.split(token).length - 1, 1, 'the log shows the token once')

  for (const path of ['/', '/api/swarm', '/ui/console.js']) {
    const answer = await fetch(new URL(path, url))
    assert.is(answer.status, 401, `${path} without the token`)
    assert.match(answer.headers.get('content-security-policy') ?? '', /script-src 'self'/)
  }
  const wrong = await fetch(new URL('/login', url), { method: 'POST', headers: { origin }, body: new URLSearchParams({ token: 'not-the-token' }), redirect: 'manual' })
  assert.is(wrong.status, 401, 'a wrong token signs nobody in')
  assert.is(wrong.headers.get('set-cookie'), null)
  const forged = await fetch(new URL('/login', url), { method: 'POST', headers: { origin: 'http://evil.example' }, body: new URLSearchParams({ token }), redirect: 'manual' })
  assert.is(forged.status, 403, 'a login posted from another site is refused')

  const login = await fetch(new URL('/login', url), { method: 'POST', headers: { origin }, body: new URLSearchParams({ token }), redirect: 'manual' })
  assert.is(login.status, 303)
  const cookie = login.headers.get('set-cookie') ?? ''
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Strict/)
  const session = cookie.split(';')[0]
  const status = await fetch(new URL('/api/swarm', url), { headers: { cookie: session } })
  assert.is(status.status, 200)
  assert.is(((await status.json()) as { peers: unknown[] }).peers.length, 1)
  assert.is((await fetch(new URL('/api/swarm', url), { headers: { authorization: `Bearer ${token}` } })).status, 200, 'a script may send the token itself')

  const csrf = csrfOf(await (await fetch(url, { headers: { cookie: session } })).text())
  assert.ok(csrf.length > 20, 'the page carries a CSRF token')
  const post = async (headers: Record<string, string>): Promise<number> =>
    (await fetch(new URL('/api/no-such-change', url), { method: 'POST', headers: { cookie: session, 'content-type': 'application/json', ...headers }, body: '{}' })).status
  assert.is(await post({ origin: 'http://evil.example', 'x-csrf-token': csrf }), 403, 'cross-origin POST')
  assert.is(await post({ 'x-csrf-token': csrf }), 403, 'a POST that names no origin')
  assert.is(await post({ origin }), 403, 'a same-origin POST without the CSRF token')
  assert.is(await post({ origin, 'x-csrf-token': csrf.slice(1) + 'x' }), 403, 'a same-origin POST with a wrong CSRF token')
  assert.is(await post({ origin, 'x-csrf-token': csrf }), 404, 'a same-origin POST with the token passes the guard (and finds no such API)')
})

test('a loopback console without a token answers only to its own host names', async () => {
  await using swarm = await TestSwarm.up(1, {}, { consoles: true })
  const url = await swarm.consoleUrl(0)
  const { port } = new URL(url)
  assert.is((await fetch(new URL('/api/swarm', url))).status, 200)
  assert.is((await fetch(`http://localhost:${port}/api/swarm`)).status, 200, 'localhost is this machine too')
  // fetch may not set Host; a page of another site whose name resolves to loopback sends its own.
  const rebound = await new Promise<number>((resolve, reject) => {
    request(new URL('/api/swarm', url), { headers: { host: `evil.example:${port}` } }, answer => { answer.resume(); resolve(answer.statusCode ?? 0) }).on('error', reject).end()
  })
  assert.is(rebound, 421, 'a page of another site that resolved its name to loopback is refused')
})

test.run()
