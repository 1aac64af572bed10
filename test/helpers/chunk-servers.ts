// Chunk servers in this process: a real libp2p node over TCP and a real LMDB
// store each, serving puts, gets and master commands, for tests of the chunk
// wire without a swarm.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Fence } from '../../src/peer/fence.js'
import { ephemeralIdentity } from '../../src/peer/identity.js'
import { logger, logQuiet } from '../../src/peer/log.js'
import { createPeerNode, type PeerNode } from '../../src/peer/node.js'
import { Handlers } from '../../src/peer/rpc.js'
import { Store } from '../../src/peer/store.js'
import { generateSwarmKey } from '../../src/peer/swarm-key.js'
import { ChunkStore } from '../../src/roles/chunkserver/chunk-store.js'
import { serveCommands } from '../../src/roles/chunkserver/commands.js'
import { serveGet, servePut } from '../../src/roles/chunkserver/transfer.js'

logQuiet.enabled = true

export interface ChunkServer { node: PeerNode, store: Store, chunks: ChunkStore, fence: Fence, handlers: Handlers }

async function chunkServer (dir: string, swarmKey: Uint8Array): Promise<ChunkServer> {
  const node = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] })
  await node.start()
  const store = Store.open(dir)
  const chunks = new ChunkStore(store)
  const fence = new Fence()
  const handlers = new Handlers(node)
  const context = { node, store: chunks, fence, log: logger('chunk-server') }
  await servePut(handlers, context)
  await serveGet(handlers, context)
  await serveCommands(handlers, context)
  return { node, store, chunks, fence, handlers }
}

/** `count` chunk servers of one swarm; disposing of them stops them and removes their stores. */
export async function chunkServers (count: number): Promise<{ list: ChunkServer[], [Symbol.asyncDispose]: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-chunk-servers-'))
  const swarmKey = generateSwarmKey()
  const list: ChunkServer[] = []
  for (let i = 0; i < count; i++) list.push(await chunkServer(join(dir, String(i)), swarmKey))
  return {
    list,
    [Symbol.asyncDispose]: async () => {
      for (const server of list) {
        await server.handlers.stop()
        await server.node.stop()
        await server.store.close()
      }
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export const describe = (server: ChunkServer): { id: string, addrs: string[], state: string } =>
  ({ id: server.node.peerId.toString(), addrs: server.node.getMultiaddrs().map(a => a.toString()), state: 'alive' })
