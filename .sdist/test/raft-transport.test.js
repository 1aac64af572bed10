// The Raft transport on real libp2p nodes over TCP: what one peer sends
// another in one turn (a tick's heartbeats of all its groups) goes as one
// frame that names the two peers once; large appends split across frames
// under the cap and arrive in order; a batch that claims another sender is
// dropped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as varint from 'uint8-varint';
import { RaftBatch } from '../protocols/raft.js';
import { MAX_RAFT_MESSAGE_BYTES, RAFT_PROTOCOL, RaftTransport } from '../src/peer/consensus/transport.js';
import { EntryType, MessageType } from '../src/peer/consensus/types.js';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { logger } from '../src/peer/log.js';
import { createPeerNode } from '../src/peer/node.js';
import { readFrames } from '../src/peer/rpc.js';
import { generateSwarmKey } from '../src/peer/swarm-key.js';
import { waitFor } from './helpers/wait.js';
const MiB = 1024 * 1024;
async function peerNode(swarmKey) {
    const node = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] });
    await node.start();
    return node;
}
function heartbeat(from, to, term) {
    return { type: MessageType.Append, from: from.peerId.toString(), to: to.peerId.toString(), term, logIndex: 7, logTerm: 2, entries: [], commit: 7, reject: false, rejectHint: 0, context: 3 };
}
function append(from, to, index, bytes) {
    return {
        ...heartbeat(from, to, 2),
        logIndex: index - 1,
        entries: [{ index, term: 2, type: EntryType.Normal, data: new Uint8Array(bytes).fill(index & 0xff) }]
    };
}
/** Frames `node` receives on the Raft protocol, decoded as they come. */
async function recordFrames(node) {
    const frames = [];
    await node.handle(RAFT_PROTOCOL, (stream) => {
        void (async () => {
            for await (const frame of readFrames(stream, MAX_RAFT_MESSAGE_BYTES))
                frames.push(RaftBatch.decode(frame));
        })().catch(() => { });
    });
    return frames;
}
test('the messages of one turn to one peer go as one frame, naming the two peers once', async () => {
    const swarmKey = generateSwarmKey();
    const [a, b] = [await peerNode(swarmKey), await peerNode(swarmKey)];
    const transport = new RaftTransport(a, logger('a'));
    try {
        await transport.start(() => { }, () => { }, () => undefined);
        await a.peerStore.merge(b.peerId, { multiaddrs: b.getMultiaddrs() });
        const frames = await recordFrames(b);
        for (let group = 0; group < 20; group++)
            transport.send(`kv-${group}`, heartbeat(a, b, group + 1));
        await waitFor('the heartbeats to arrive', () => frames.reduce((n, f) => n + f.messages.length, 0) === 20);
        assert.is(frames.length, 1, `${frames.length} frames`);
        assert.is(frames[0].from, a.peerId.toString());
        assert.is(frames[0].to, b.peerId.toString());
        assert.equal(frames[0].messages.map(m => [m.group, m.term, m.from, m.to]), Array.from({ length: 20 }, (_, g) => [`kv-${g}`, g + 1, '', '']));
    }
    finally {
        await transport.stop();
        await Promise.all([a.stop(), b.stop()]);
    }
});
test('appends too large for one frame split across frames under the cap, and arrive whole and in order', async () => {
    const swarmKey = generateSwarmKey();
    const [a, b] = [await peerNode(swarmKey), await peerNode(swarmKey)];
    const sender = new RaftTransport(a, logger('a'));
    const receiver = new RaftTransport(b, logger('b'));
    const received = [];
    try {
        await sender.start(() => { }, () => { }, () => undefined);
        await receiver.start((group, message) => { received.push({ group, message }); }, () => { }, () => undefined);
        await a.peerStore.merge(b.peerId, { multiaddrs: b.getMultiaddrs() });
        const sent = [append(a, b, 1, 3 * MiB), heartbeat(a, b, 2), append(a, b, 2, 900 * 1024), append(a, b, 3, 900 * 1024), append(a, b, 4, 3 * MiB), heartbeat(a, b, 2)];
        for (const message of sent)
            sender.send('kv-1', message);
        await waitFor('every message to arrive', () => received.length === sent.length);
        assert.equal(received.map(r => r.group), sent.map(() => 'kv-1'));
        const fields = (m) => [m.type, m.from, m.to, m.term, m.logIndex, m.logTerm, m.commit, m.context, m.entries];
        assert.equal(received.map(r => fields(r.message)), sent.map(fields));
    }
    finally {
        await Promise.all([sender.stop(), receiver.stop()]);
        await Promise.all([a.stop(), b.stop()]);
    }
});
test('a batch that claims another sender or another receiver is dropped', async () => {
    const swarmKey = generateSwarmKey();
    const [a, b, c] = [await peerNode(swarmKey), await peerNode(swarmKey), await peerNode(swarmKey)];
    const receiver = new RaftTransport(b, logger('b'));
    const received = [];
    try {
        await receiver.start((_group, message) => { received.push(message); }, () => { }, () => undefined);
        const stream = await a.dialProtocol(b.getMultiaddrs(), RAFT_PROTOCOL);
        const encode = (batch) => {
            const body = RaftBatch.encode(batch);
            return new Uint8Array([...varint.encode(body.length), ...body]);
        };
        const honest = { group: 'g', type: MessageType.Append, from: '', to: '', term: 5, logIndex: 7, logTerm: 2, entries: [], commit: 7, reject: false, rejectHint: 0 };
        stream.send(encode({ from: c.peerId.toString(), to: b.peerId.toString(), messages: [{ ...honest, term: 1 }] }));
        stream.send(encode({ from: a.peerId.toString(), to: c.peerId.toString(), messages: [{ ...honest, term: 2 }] }));
        stream.send(encode({ from: a.peerId.toString(), to: b.peerId.toString(), messages: [honest] }));
        await waitFor('the honest batch to arrive', () => received.length > 0);
        assert.equal(received.map(m => [m.term, m.from, m.to]), [[5, a.peerId.toString(), b.peerId.toString()]]);
        await stream.close();
    }
    finally {
        await receiver.stop();
        await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
});
test.run();
//# sourceMappingURL=raft-transport.test.js.map