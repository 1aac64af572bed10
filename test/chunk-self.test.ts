// A DFS client on a peer (a MapReduce worker writing its output) puts and gets
// chunks whose replica is that very peer, which libp2p cannot dial: the chunk
// server's local put and get serve them, as the wire would.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { chunkId, parseChunkId } from '../protocols/dfs/chunk-id.js'
import { getChunk, putChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { CodedError } from '../src/peer/errors.js'
import { chunkServers, describe } from './helpers/chunk-servers.js'
import { rejects } from './helpers/rejects.js'

test('a put to its own peer stores here and down the chain; a get from its own peer reads it, whole or in part', async () => {
  await using servers = await chunkServers(2)
  const [a, b] = servers.list
  const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => i % 251)
  const cid = await chunkId(bytes)
  const answer = await putChunk(a.node, serverAddrs(describe(a)), { cid, size: bytes.length, chain: [describe(b)], masterTerm: 3 }, bytes)
  assert.equal(answer.failed, [])
  assert.equal(answer.stored.sort(), [a, b].map(s => s.node.peerId.toString()).sort())
  assert.ok(b.chunks.has(parseChunkId(cid)), 'forwarded down the chain')
  assert.is(b.fence.term('master'), 3)
  const whole = await getChunk(a.node, serverAddrs(describe(a)), { cid, offset: 0, length: 0, whole: true })
  assert.equal(Buffer.concat(whole), Buffer.from(bytes))
  const part = await getChunk(a.node, serverAddrs(describe(a)), { cid, offset: 1000, length: 10, whole: false })
  assert.equal(Buffer.concat(part), Buffer.from(bytes.subarray(1000, 1010)))
})

test('a local put of a chunk that does not match its id stores nothing; a local get of a missing chunk is NOT_FOUND', async () => {
  await using servers = await chunkServers(1)
  const [a] = servers.list
  const bytes = new Uint8Array(4096).fill(1)
  const cid = await chunkId(new Uint8Array(4096).fill(2))
  const answer = await putChunk(a.node, serverAddrs(describe(a)), { cid, size: bytes.length, chain: [], masterTerm: 0 }, bytes)
  assert.equal(answer.stored, [])
  assert.is(answer.failed[0]?.error, 'CORRUPT', JSON.stringify(answer.failed))
  assert.not.ok(a.chunks.has(parseChunkId(cid)))
  await rejects(getChunk(a.node, serverAddrs(describe(a)), { cid, offset: 0, length: 0, whole: true }), err => err instanceof CodedError && err.code === 'NOT_FOUND')
})

test.run()
