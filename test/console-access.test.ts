// Who may use the web console, checked over HTTP against real peers: a
// console that asks for its token answers 401 without it and a session after
// /login (each sign-in its own session, ended by /logout; the open /login
// reads no more than a token's worth); changes must be same-origin POSTs
// with the CSRF token; a tokenless loopback console answers only to its own
// host names; every answer carries the Content-Security-Policy.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadOrCreateToken } from '../src/web/access.js'
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

const DECLARED = 64 * 1024 * 1024
const PIECE = Buffer.alloc(64 * 1024, 'a')

/** Sends a /login POST that declares `DECLARED` bytes, piece by piece, until the console answers; how many body bytes went first. */
async function bytesSentBeforeAnswer (url: string): Promise<{ sent: number, status: string }> {
  const { hostname, port, host } = new URL(url)
  const socket = connect(Number(port), hostname)
  const { promise: answered, resolve } = Promise.withResolvers<string>()
  let reply = ''
  socket.on('data', data => {
    reply += data.toString('latin1')
    if (reply.includes('\r\n')) resolve(reply.split('\r\n')[0])
  })
  socket.on('error', () => { resolve('(connection broke)') })
  socket.on('close', () => { resolve(reply === '' ? '(closed without an answer)' : reply.split('\r\n')[0]) })
  await new Promise<void>(resolve => socket.once('connect', resolve))
  socket.write(`POST /login HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${DECLARED}\r\n\r\ntoken=`)
  let sent = 0
  let status: string | undefined
  void answered.then(s => { status = s })
  while (status === undefined && sent < DECLARED - 6) {
    const piece = PIECE.subarray(0, Math.min(PIECE.length, DECLARED - 6 - sent))
    if (!socket.write(piece)) {
      await new Promise<void>(resolve => {
        const done = (): void => { socket.off('drain', done); socket.off('close', done); resolve() }
        socket.on('drain', done).on('close', done)
      })
    }
    sent += piece.length
    // Lets a reply that has arrived be seen before the next piece goes.
    await new Promise<void>(resolve => setImmediate(resolve))
  }
  const final = await answered
  socket.destroy()
  return { sent, status: final }
}

test('a token written over an unusable token file leaves that file the owner\'s alone', async () => {
  const home = await mkdtemp(join(tmpdir(), 'shoal-console-token-'))
  try {
    const path = join(home, 'console.token')
    await writeFile(path, 'short\n')
    await chmod(path, 0o644)
    const made = await loadOrCreateToken(home)
    assert.ok(made.created, 'a short token is replaced by a new one')
    assert.is((await readFile(path, 'utf8')).trim(), made.token)
    assert.is((await stat(path)).mode & 0o777, 0o600)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
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

  const signIn = async (): Promise<string> => {
    const login = await fetch(new URL('/login', url), { method: 'POST', headers: { origin }, body: new URLSearchParams({ token }), redirect: 'manual' })
    assert.is(login.status, 303)
    const cookie = login.headers.get('set-cookie') ?? ''
    assert.match(cookie, /HttpOnly/)
    assert.match(cookie, /SameSite=Strict/)
    assert.match(cookie, /Max-Age=\d+/, 'a session expires')
    assert.not.ok(cookie.includes(token), 'the cookie is not the token')
    return cookie.split(';')[0]
  }
  const session = await signIn()
  const other = await signIn()
  assert.is.not(other, session, 'each sign-in gets its own session')
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

  const logout = await fetch(new URL('/logout', url), { method: 'POST', headers: { cookie: other, origin, 'x-csrf-token': csrf }, redirect: 'manual' })
  assert.is(logout.status, 200)
  assert.match(logout.headers.get('set-cookie') ?? '', /Max-Age=0/)
  assert.is((await fetch(new URL('/api/swarm', url), { headers: { cookie: other } })).status, 401, 'a session ended by /logout lets nobody in')
  assert.is((await fetch(new URL('/api/swarm', url), { headers: { cookie: session } })).status, 200, 'and ends no other')

  const { sent, status: answer } = await bytesSentBeforeAnswer(url)
  // What the client wrote includes what the sockets' buffers took before the answer came back: megabytes on loopback.
  assert.ok(sent < DECLARED / 4, `the console read ${sent} bytes of a /login body before answering (${answer}); a token form is a few hundred bytes`)
  assert.match(answer, /413/)
  assert.is((await fetch(new URL('/login', url))).status, 200, 'the console still answers')
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

  const big = await fetch(new URL(`/api/kv/config?num=${'9'.repeat(400)}`, url))
  assert.is(big.status, 400, `a configuration number too big to be one is the caller's mistake, not the swarm's: ${big.status}`)
  assert.is((await fetch(new URL('/api/kv/config?num=99999999999999999', url))).status, 400)
  assert.is((await fetch(new URL('/api/dfs/download?path=/no/such/file', url), { method: 'HEAD' })).status, 404, 'HEAD of a missing file')
  assert.is((await fetch(new URL('/api/dfs/download?path=/', url), { method: 'HEAD' })).status, 400, 'HEAD of a directory')
})

test.run()
