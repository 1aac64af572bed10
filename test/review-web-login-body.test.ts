// Review: POST /login is open to everyone (it is how one signs in), and it
// parses its form body with no size limit, so anyone who can reach a
// console reachable from elsewhere, token or no token, can make the peer
// hold a body of any size in memory. Any other POST body that gets
// buffered is capped (Bacefook's at 80 KB); /login should be capped too
// (a token form is a few hundred bytes), answering 413 long before a
// multi-megabyte body has been sent.
import { connect } from 'node:net'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { TestSwarm } from './helpers/local-swarm.js'

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

test('a console with a token refuses an oversize /login body before it has been sent', async () => {
  await using swarm = await TestSwarm.up(1, {}, { consoles: true, consoleToken: true })
  const url = await swarm.consoleUrl(0)
  const { sent, status } = await bytesSentBeforeAnswer(url)
  assert.ok(sent < 4 * 1024 * 1024, `the console read ${sent} bytes of a /login body before answering (${status}); a token form is a few hundred bytes`)
  assert.match(status, /413/)
  assert.is((await fetch(new URL('/login', url))).status, 200, 'the console still answers')
})

test.run()
