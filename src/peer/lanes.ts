// Which connection carries what. Raft messages and chunk bytes never share a
// TCP connection: a heartbeat queued behind the megabytes of chunk frames a
// transfer keeps in flight arrives later than an election timeout. A peer
// sends its Raft messages on a connection it dials for them alone (its lane to
// that peer), and chunk bytes only on connections it dialed itself that are
// not lanes. Neither end can put bulk bytes on a lane: the dialer knows its
// lanes, and the other end sends bulk only on connections it dialed. The rest
// (identify, gossip, DHT, small requests) goes wherever libp2p puts it.
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Multiaddr } from '@multiformats/multiaddr'

const raftLanes = new WeakSet<Connection>()
// libp2p lets a dial join one already under way to the same peer: a bulk dial
// joining a lane's would be handed the lane before it is marked. So this
// module's dials to one peer go one at a time.
const dialing = new WeakMap<Libp2p<any>, Map<string, Promise<unknown>>>()

async function oneAtATime<T> (node: Libp2p<any>, peer: PeerId, dial: () => Promise<T>): Promise<T> {
  const key = peer.toString()
  const dials = dialing.get(node) ?? new Map<string, Promise<unknown>>()
  dialing.set(node, dials)
  const run = (dials.get(key) ?? Promise.resolve()).then(dial)
  const tail = run.catch(() => {})
  dials.set(key, tail)
  void tail.then(() => { if (dials.get(key) === tail) dials.delete(key) })
  return await run
}

/** A new connection to `peer` that carries Raft messages and never bulk bytes. */
export async function dialRaftLane (node: Libp2p<any>, peer: PeerId, signal: AbortSignal): Promise<Connection> {
  return await oneAtATime(node, peer, async () => {
    const connection = await node.dial(peer, { force: true, signal })
    raftLanes.add(connection)
    return connection
  })
}

function peerOf (target: PeerId | Multiaddr[]): PeerId {
  if (!Array.isArray(target)) return target
  const id = target.flatMap(addr => addr.getComponents()).find(c => c.name === 'p2p')?.value
  if (id === undefined) throw new TypeError('a bulk transfer needs the peer id in its addresses')
  return peerIdFromString(id)
}

function bulkConnection (node: Libp2p<any>, peer: PeerId): Connection | undefined {
  return node.getConnections(peer).find(c => c.direction === 'outbound' && c.status === 'open' && !raftLanes.has(c))
}

/** A stream for bulk bytes to `target`, on a connection this node dialed that is not a Raft lane (dialing one if need be). */
export async function openBulkStream (node: Libp2p<any>, target: PeerId | Multiaddr[], protocol: string, signal: AbortSignal): Promise<Stream> {
  const peer = peerOf(target)
  const connection = bulkConnection(node, peer) ??
    await oneAtATime(node, peer, async () => bulkConnection(node, peer) ?? await node.dial(target, { force: true, signal }))
  return await connection.newStream(protocol, { signal })
}
