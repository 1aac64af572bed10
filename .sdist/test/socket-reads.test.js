// A peer reads at most a budget from one socket per turn of the event loop,
// so timers run while a big transfer pours in; libp2p's own pauses still hold.
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { createClientNode, createPeerNode } from '../src/peer/node.js';
import { rawConnection } from '../src/peer/raw-socket.js';
import { budgetReads, READ_BUDGET_BYTES } from '../src/peer/socket-reads.js';
import { generateSwarmKey } from '../src/peer/swarm-key.js';
import { waitFor } from './helpers/wait.js';
const SINK_PROTOCOL = '/shoal/test/sink/1.0.0';
const MIB = 1024 * 1024;
/** Counts how often something pauses the socket. */
function countPauses(socket) {
    const counts = { pauses: 0 };
    const pause = socket.pause.bind(socket);
    socket.pause = () => {
        counts.pauses++;
        return pause();
    };
    return counts;
}
async function pair() {
    const swarmKey = generateSwarmKey();
    const peer = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] });
    const client = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey });
    const received = [];
    const { promise: done, resolve } = Promise.withResolvers();
    await peer.start();
    await peer.handle(SINK_PROTOCOL, async (stream) => {
        for await (const piece of stream)
            received.push(piece instanceof Uint8Array ? piece : piece.subarray());
        resolve();
    });
    await client.start();
    return { peer, client, received, done };
}
async function send(stream, bytes) {
    for (let offset = 0; offset < bytes.length; offset += MIB) {
        if (!stream.send(bytes.subarray(offset, offset + MIB)))
            await new Promise(resolve => stream.addEventListener('drain', resolve, { once: true }));
    }
    await stream.close({ signal: AbortSignal.timeout(10_000) });
}
test('a 16 MiB transfer into a peer is read a budget at a time, with timers running, and arrives whole', async () => {
    const { peer, client, received, done } = await pair();
    try {
        const connection = await client.dial(peer.getMultiaddrs()[0], { signal: AbortSignal.timeout(10_000) });
        await waitFor('the peer to see the connection', () => peer.getConnections().length === 1);
        const [inbound] = peer.getConnections();
        assert.ok(budgetReads(inbound), 'the connection is budgeted (again: a no-op)');
        const counts = countPauses(rawConnection(inbound).socket);
        let timers = 0;
        const timer = setInterval(() => { timers++; }, 1);
        const bytes = randomBytes(16 * MIB);
        await send(await connection.newStream(SINK_PROTOCOL, { signal: AbortSignal.timeout(10_000) }), bytes);
        await done;
        clearInterval(timer);
        assert.ok(Buffer.concat(received).equals(bytes), 'the bytes arrive intact');
        assert.ok(counts.pauses >= bytes.length / READ_BUDGET_BYTES / 2, `${counts.pauses} pauses for ${bytes.length / READ_BUDGET_BYTES} budgets`);
        assert.ok(timers >= counts.pauses / 4, `${timers} timer turns for ${counts.pauses} pauses`);
    }
    finally {
        await client.stop();
        await peer.stop();
    }
});
test("libp2p's pause holds while a socket sits out, and its resume waits for the turn to end", async () => {
    // A socket of no connection: 'data' goes to the budget alone.
    const socket = new Socket();
    const raw = { socket, sendData: () => true, sendPause: () => { socket.pause(); }, sendResume: () => { socket.resume(); } };
    assert.ok(budgetReads({ maConn: raw }));
    raw.sendPause();
    socket.emit('data', Buffer.alloc(READ_BUDGET_BYTES)); // a turn's budget: the socket sits out
    await new Promise(resolve => setImmediate(resolve));
    assert.ok(socket.isPaused(), 'still paused for libp2p after the turn');
    raw.sendResume();
    assert.not.ok(socket.isPaused(), 'resumed once libp2p resumes');
    socket.emit('data', Buffer.alloc(READ_BUDGET_BYTES));
    raw.sendResume();
    assert.ok(socket.isPaused(), "libp2p's resume does not cut the turn's sit-out short");
    await new Promise(resolve => setImmediate(resolve));
    assert.not.ok(socket.isPaused(), 'resumed when the turn ends');
    socket.destroy();
});
test('a connection without a reachable socket is left as it is', () => {
    assert.not.ok(budgetReads({}));
    assert.not.ok(budgetReads({ maConn: { socket: {}, sendData: () => true, sendPause: () => { }, sendResume: () => { } } }));
});
test.run();
//# sourceMappingURL=socket-reads.test.js.map