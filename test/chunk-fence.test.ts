// A chunk server learns the master term a put was placed under, every server
// of the chain alike, so a deposed master's delete that arrives after a newer
// master's put of the same content is refused (it would remove the only copy
// the new file has). Real libp2p over TCP, real LMDB, in one process.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ChunkCommand, ChunkCommandResult } from '../protocols/dfs/dfs.js'
import { chunkId, parseChunkId } from '../protocols/dfs/chunk-id.js'
import { CHUNK_COMMAND_PROTOCOL, putChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { call } from '../src/peer/rpc.js'
import { chunkServers, describe } from './helpers/chunk-servers.js'

test('a put carries its master term down the chain, and a delete from an older master is then refused', async () => {
  await using servers = await chunkServers(2)
  const [a, b] = servers.list
  {
    const bytes = new Uint8Array(4096).fill(9)
    const cid = await chunkId(bytes)
    // Master term 6 placed the chunk on a, then b.
    const answer = await putChunk(b.node, serverAddrs(describe(a)), { cid, size: bytes.length, chain: [describe(b)], masterTerm: 6 }, bytes)
    assert.equal(answer.stored.sort(), [a.node.peerId.toString(), b.node.peerId.toString()].sort())
    assert.equal([a.fence.term('master'), b.fence.term('master')], [6, 6], 'every server of the chain learnt the term')
    // The deposed master of term 5 had confirmed its leadership, then stalled; its delete arrives now.
    for (const server of servers.list) {
      const result = await call(a.node === server.node ? b.node : a.node, serverAddrs(describe(server)), { term: 5, op: 'delete', chunks: [{ cid, size: 0, replicas: [] }], sources: [] }, {
        protocol: CHUNK_COMMAND_PROTOCOL, request: ChunkCommand, response: ChunkCommandResult
      })
      assert.is(result.error, 'STALE_TERM', JSON.stringify(result))
      assert.ok(server.chunks.has(parseChunkId(cid)), 'the chunk is still there')
    }
  }
})

test.run()
