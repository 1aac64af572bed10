// Raft lanes: a peer's Raft messages go on a connection it dialed for them
// alone, and neither end ever opens a bulk stream on that connection, even
// when it is the only one between them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { dialRaftLane, openBulkStream } from '../src/peer/lanes.js';
import { createPeerNode } from '../src/peer/node.js';
import { generateSwarmKey } from '../src/peer/swarm-key.js';
import { waitFor } from './helpers/wait.js';
const BULK_PROTOCOL = '/shoal/test/bulk/1.0.0';
const LANE_PROTOCOL = '/shoal/test/lane/1.0.0';
async function peerNode(swarmKey) {
    const node = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] });
    await node.start();
    return node;
}
/** The connection of `node` that a stream it opened (or received) runs on. */
function connectionOf(node, stream) {
    const connection = node.getConnections().find(c => c.streams.includes(stream));
    if (connection == null)
        throw new Error('stream on no connection');
    return connection;
}
test('bulk streams never run on a Raft lane, from either end', async () => {
    const swarmKey = generateSwarmKey();
    const a = await peerNode(swarmKey);
    const b = await peerNode(swarmKey);
    try {
        const arrivals = new Map();
        for (const node of [a, b]) {
            for (const protocol of [BULK_PROTOCOL, LANE_PROTOCOL]) {
                await node.handle(protocol, (_stream, connection) => { arrivals.set(`${node.peerId.toString()} ${protocol}`, [...arrivals.get(`${node.peerId.toString()} ${protocol}`) ?? [], connection]); });
            }
        }
        const at = (node, protocol) => arrivals.get(`${node.peerId.toString()} ${protocol}`) ?? [];
        await a.peerStore.merge(b.peerId, { multiaddrs: b.getMultiaddrs() });
        await b.peerStore.merge(a.peerId, { multiaddrs: a.getMultiaddrs() });
        const signal = AbortSignal.timeout(10_000);
        // The lane is the only connection between them: bulk from either end must find another.
        const lane = await dialRaftLane(a, b.peerId, signal);
        await lane.newStream(LANE_PROTOCOL, { signal });
        assert.is(a.getConnections(b.peerId).length, 1);
        const fromA = await openBulkStream(a, b.getMultiaddrs(), BULK_PROTOCOL, signal);
        await openBulkStream(b, a.peerId, BULK_PROTOCOL, signal);
        await waitFor('the streams to arrive', () => at(b, LANE_PROTOCOL).length === 1 && at(b, BULK_PROTOCOL).length === 1 && at(a, BULK_PROTOCOL).length === 1);
        assert.is.not(at(b, BULK_PROTOCOL)[0], at(b, LANE_PROTOCOL)[0], "the lane's dialer sends bulk on another connection");
        assert.is.not(at(a, BULK_PROTOCOL)[0], lane, 'the other end sends bulk on another connection');
        // Later bulk streams reuse the bulk connection; a new lane is a new connection.
        const again = await openBulkStream(a, b.getMultiaddrs(), BULK_PROTOCOL, signal);
        assert.is(connectionOf(a, again), connectionOf(a, fromA));
        const secondLane = await dialRaftLane(a, b.peerId, signal);
        assert.not.ok([lane, connectionOf(a, fromA), at(a, BULK_PROTOCOL)[0]].includes(secondLane));
    }
    finally {
        await Promise.all([a.stop(), b.stop()]);
    }
});
test.run();
//# sourceMappingURL=lanes.test.js.map