// Builds the libp2p node. Peers and clients share the transport stack (TCP,
// Noise with the swarm key as prologue, Yamux); only peers listen and run the
// DHT and gossip. Each setting below that departs from a default is one of the
// fixes measured in notes/libp2p-swarm.md: without them a local swarm splits.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { GossipSub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { KEEP_ALIVE, type Libp2p, type PrivateKey } from '@libp2p/interface'
import { kadDHT, passthroughMapper, type KadDHT } from '@libp2p/kad-dht'
import { ping, type Ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { budgetSocketReads } from './socket-reads.js'
import { coalesceSocketWrites } from './socket-writes.js'
import { deferYamuxWindowUpdates } from './yamux-window.js'
import { swarmPrologue } from './swarm-key.js'

export const DHT_PROTOCOL = '/shoal/kad/1.0.0'
const INITIAL_STREAM_WINDOW = 4 * 1024 * 1024 + 64 * 1024

export type PeerServices = {
  identify: unknown
  ping: Ping
  dht: KadDHT
  pubsub: GossipSub
}
export type PeerNode = Libp2p<PeerServices>
export type ClientNode = Libp2p<{ identify: unknown, ping: Ping, dht: KadDHT }>

/**
 * libp2p's connection monitor pings every connection every 10 s and aborts
 * the connection, with every stream on it, when its ping cannot open a
 * stream. With ping's default of one outbound stream, a client's stall probe
 * (dfs-upload.ts) or a slow earlier ping took that slot, and a healthy
 * connection died mid-put.
 */
function pingService () {
  return ping({ maxOutboundStreams: 8, maxInboundStreams: 16 })
}

interface TransportOptions {
  privateKey: PrivateKey
  swarmKey: Uint8Array
}

function transportStack ({ privateKey, swarmKey }: TransportOptions) {
  return {
    privateKey,
    transports: [tcp()],
    connectionEncrypters: [noise({ prologueBytes: swarmPrologue(swarmKey) })],
    // A stream may send a whole default chunk before its first window update:
    // with yamux's 256 KiB start, a 4 MiB chunk spent several round trips
    // growing the window on every new stream, which was most of a get's first
    // byte. Every peer and client sets the same value (both sides assume it).
    streamMuxers: [yamux({ streamOptions: { initialStreamWindowSize: INITIAL_STREAM_WINDOW } })],
    connectionManager: {
      // CLI clients and local peers all dial from one host: lift the 5/s cap.
      // (An allow-listed address skips every connection limit, before the
      // handshake proves it holds the key, so only loopback is listed.)
      inboundConnectionThreshold: 1000,
      maxIncomingPendingConnections: 100,
      allow: ['/ip4/127.0.0.0/ipcidr/8'],
      reconnectRetries: 10,
      reconnectRetryInterval: 500,
      dialTimeout: 5_000
    }
  }
}

export interface PeerNodeOptions extends TransportOptions {
  listen: string[]
  announce: string[]
  bootstrap: string[]
}

/** Messages are identified by sender and sequence number, so a duplicate is dropped before its signature is checked. */
function fastMsgId (msg: { from?: Uint8Array, seqno?: Uint8Array }): string {
  return Buffer.concat([msg.from ?? new Uint8Array(), msg.seqno ?? new Uint8Array()]).toString('base64')
}

export async function createPeerNode (options: PeerNodeOptions): Promise<PeerNode> {
  // Only peers gossip and bootstrap: a CLI client does not load them.
  const [{ bootstrap }, { gossipsub }] = await Promise.all([import('@libp2p/bootstrap'), import('@libp2p/gossipsub')])
  const withPeerId = options.bootstrap.filter(a => a.includes('/p2p/'))
  const node = await createLibp2p({
    ...transportStack(options),
    addresses: { listen: options.listen, announce: options.announce },
    peerDiscovery: withPeerId.length > 0
      ? [bootstrap({ list: withPeerId, timeout: 0, tagName: KEEP_ALIVE })]
      : [],
    services: {
      identify: identify(),
      ping: pingService(),
      dht: kadDHT({
        protocol: DHT_PROTOCOL,
        clientMode: false,
        peerInfoMapper: passthroughMapper
      }),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        emitSelf: false,
        fastMsgIdFn: fastMsgId,
        D: 4,
        Dlo: 3,
        Dhi: 6,
        Dout: 1,
        scoreParams: { IPColocationFactorWhitelist: new Set(['127.0.0.1']) }
      })
    }
  })
  coalesceSocketWrites(node)
  deferYamuxWindowUpdates()
  // A peer's event loop also keeps its Raft timers: no turn may read for long.
  budgetSocketReads(node)
  return node
}

export async function createClientNode (options: TransportOptions): Promise<ClientNode> {
  const node = await createLibp2p({
    ...transportStack(options),
    addresses: { listen: [] },
    // The DHT in client mode: a reader asks it who provides a chunk when every known replica fails.
    services: { identify: identify(), ping: pingService(), dht: kadDHT({ protocol: DHT_PROTOCOL, clientMode: true, peerInfoMapper: passthroughMapper }) }
  })
  coalesceSocketWrites(node)
  deferYamuxWindowUpdates()
  return node
}
