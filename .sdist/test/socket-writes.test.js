// Every connection of a Shoal node writes each batch of bytes to its socket
// with one system call (a corked socket hands the pieces to one writev),
// and the bytes arrive intact.
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { createClientNode, createPeerNode } from '../src/peer/node.js';
import { coalesceWrites } from '../src/peer/socket-writes.js';
import { generateSwarmKey } from '../src/peer/swarm-key.js';
const SINK_PROTOCOL = '/shoal/test/sink/1.0.0';
const MIB = 1024 * 1024;
/** Counts the socket's write calls and the writes that reach the system (one per _write or _writev). */
function countWrites(socket) {
    const counts = { writes: 0, systemWrites: 0 };
    const spied = socket;
    for (const method of ['write', '_write', '_writev']) {
        const original = spied[method];
        if (typeof original !== 'function')
            continue;
        spied[method] = function (...args) {
            if (method === 'write')
                counts.writes++;
            else
                counts.systemWrites++;
            return original.apply(this, args);
        };
    }
    return counts;
}
test('a 4 MiB transfer takes far fewer system writes than socket writes, and arrives whole', async () => {
    const swarmKey = generateSwarmKey();
    const peer = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] });
    const client = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey });
    try {
        const received = [];
        const done = Promise.withResolvers();
        await peer.handle(SINK_PROTOCOL, async (stream) => {
            for await (const piece of stream)
                received.push(piece instanceof Uint8Array ? piece : piece.subarray());
            done.resolve();
        });
        await client.start();
        const connection = await client.dial(peer.getMultiaddrs()[0], { signal: AbortSignal.timeout(10_000) });
        assert.ok(coalesceWrites(connection), 'the connection is coalesced (again: a no-op)');
        const socket = connection.maConn.socket;
        const counts = countWrites(socket);
        const bytes = randomBytes(4 * MIB);
        const stream = await connection.newStream(SINK_PROTOCOL, { signal: AbortSignal.timeout(10_000) });
        for (let offset = 0; offset < bytes.length; offset += MIB) {
            if (!stream.send(bytes.subarray(offset, offset + MIB)))
                await new Promise(resolve => stream.addEventListener('drain', resolve, { once: true }));
        }
        await stream.close({ signal: AbortSignal.timeout(10_000) });
        await done.promise;
        assert.ok(Buffer.concat(received).equals(bytes), 'the bytes arrive intact');
        // Each 64 KiB Noise message is at least three pieces: its length, its ciphertext and its tag.
        assert.ok(counts.writes >= 3 * 64, `${counts.writes} socket writes`);
        assert.ok(counts.systemWrites * 2 < counts.writes, `${counts.systemWrites} system writes for ${counts.writes} socket writes`);
    }
    finally {
        await client.stop();
        await peer.stop();
    }
});
test('a connection without a reachable socket is left as it is', () => {
    assert.not.ok(coalesceWrites({}));
    assert.not.ok(coalesceWrites({ maConn: { socket: {}, sendData: () => true } }));
});
test.run();
//# sourceMappingURL=socket-writes.test.js.map