import { peerIdFromString } from '@libp2p/peer-id';
const raftLanes = new WeakSet();
// libp2p lets a dial join one already under way to the same peer: a bulk dial
// joining a lane's would be handed the lane before it is marked. So this
// module's dials to one peer go one at a time.
const dialing = new WeakMap();
async function oneAtATime(node, peer, dial) {
    const key = peer.toString();
    const dials = dialing.get(node) ?? new Map();
    dialing.set(node, dials);
    const run = (dials.get(key) ?? Promise.resolve()).then(dial);
    const tail = run.catch(() => { });
    dials.set(key, tail);
    void tail.then(() => { if (dials.get(key) === tail)
        dials.delete(key); });
    return await run;
}
/** A new connection to `peer` that carries Raft messages and never bulk bytes. */
export async function dialRaftLane(node, peer, signal) {
    return await oneAtATime(node, peer, async () => {
        const connection = await node.dial(peer, { force: true, signal });
        raftLanes.add(connection);
        return connection;
    });
}
function peerOf(target) {
    if (!Array.isArray(target))
        return target;
    const id = target.flatMap(addr => addr.getComponents()).find(c => c.name === 'p2p')?.value;
    if (id === undefined)
        throw new TypeError('a bulk transfer needs the peer id in its addresses');
    return peerIdFromString(id);
}
function bulkConnection(node, peer) {
    return node.getConnections(peer).find(c => c.direction === 'outbound' && c.status === 'open' && !raftLanes.has(c));
}
/** A stream for bulk bytes to `target`, on a connection this node dialed that is not a Raft lane (dialing one if need be). */
export async function openBulkStream(node, target, protocol, signal) {
    const peer = peerOf(target);
    const connection = bulkConnection(node, peer) ??
        await oneAtATime(node, peer, async () => bulkConnection(node, peer) ?? await node.dial(target, { force: true, signal }));
    return await connection.newStream(protocol, { signal });
}
//# sourceMappingURL=lanes.js.map