// A chunk server learns the master term a put was placed under, every server
// of the chain alike, so a deposed master's delete that arrives after a newer
// master's put of the same content is refused (it would remove the only copy
// the new file has). Real libp2p over TCP, real LMDB, in one process.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChunkCommand, ChunkCommandResult } from '../protocols/dfs/dfs.js'
import { chunkId, parseChunkId } from '../protocols/dfs/chunk-id.js'
import { CHUNK_COMMAND_PROTOCOL, putChunk, serverAddrs } from '../protocols/dfs/wire.js'
import { Fence } from '../src/peer/fence.js'
import { ephemeralIdentity } from '../src/peer/identity.js'
import { logger, logQuiet } from '../src/peer/log.js'
import { createPeerNode, type PeerNode } from '../src/peer/node.js'
import { call, Handlers } from '../src/peer/rpc.js'
import { Store } from '../src/peer/store.js'
import { generateSwarmKey } from '../src/peer/swarm-key.js'
import { ChunkStore } from '../src/roles/chunkserver/chunk-store.js'
import { serveCommands } from '../src/roles/chunkserver/commands.js'
import { servePut } from '../src/roles/chunkserver/transfer.js'

logQuiet.enabled = true

interface Server { node: PeerNode, store: Store, chunks: ChunkStore, fence: Fence, handlers: Handlers }

async function chunkServer (dir: string, swarmKey: Uint8Array): Promise<Server> {
  const node = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] })
  await node.start()
  const store = Store.open(dir)
  const chunks = new ChunkStore(store)
  const fence = new Fence()
  const handlers = new Handlers(node)
  const log = logger('chunk-fence')
  await servePut(handlers, { node, store: chunks, fence, log })
  await serveCommands(handlers, { node, store: chunks, fence, log })
  return { node, store, chunks, fence, handlers }
}

const describe = (server: Server): { id: string, addrs: string[], state: string } =>
  ({ id: server.node.peerId.toString(), addrs: server.node.getMultiaddrs().map(a => a.toString()), state: 'alive' })

test('a put carries its master term down the chain, and a delete from an older master is then refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-chunk-fence-'))
  const swarmKey = generateSwarmKey()
  const servers = [await chunkServer(join(dir, 'a'), swarmKey), await chunkServer(join(dir, 'b'), swarmKey)]
  const [a, b] = servers
  try {
    const bytes = new Uint8Array(4096).fill(9)
    const cid = await chunkId(bytes)
    // Master term 6 placed the chunk on a, then b.
    const answer = await putChunk(b.node, serverAddrs(describe(a)), { cid, size: bytes.length, chain: [describe(b)], masterTerm: 6 }, bytes)
    assert.equal(answer.stored.sort(), [a.node.peerId.toString(), b.node.peerId.toString()].sort())
    assert.equal([a.fence.term('master'), b.fence.term('master')], [6, 6], 'every server of the chain learnt the term')
    // The deposed master of term 5 had confirmed its leadership, then stalled; its delete arrives now.
    for (const server of servers) {
      const result = await call(a.node === server.node ? b.node : a.node, serverAddrs(describe(server)), { term: 5, op: 'delete', chunks: [{ cid, size: 0, replicas: [] }], sources: [] }, {
        protocol: CHUNK_COMMAND_PROTOCOL, request: ChunkCommand, response: ChunkCommandResult
      })
      assert.is(result.error, 'STALE_TERM', JSON.stringify(result))
      assert.ok(server.chunks.has(parseChunkId(cid)), 'the chunk is still there')
    }
  } finally {
    for (const server of servers) {
      await server.handlers.stop()
      await server.node.stop()
      await server.store.close()
    }
    await rm(dir, { recursive: true, force: true })
  }
})

test.run()
