var __addDisposableResource = (this && this.__addDisposableResource) || function (env, value, async) {
    if (value !== null && value !== void 0) {
        if (typeof value !== "object" && typeof value !== "function") throw new TypeError("Object expected.");
        var dispose, inner;
        if (async) {
            if (!Symbol.asyncDispose) throw new TypeError("Symbol.asyncDispose is not defined.");
            dispose = value[Symbol.asyncDispose];
        }
        if (dispose === void 0) {
            if (!Symbol.dispose) throw new TypeError("Symbol.dispose is not defined.");
            dispose = value[Symbol.dispose];
            if (async) inner = dispose;
        }
        if (typeof dispose !== "function") throw new TypeError("Object not disposable.");
        if (inner) dispose = function() { try { inner.call(this); } catch (e) { return Promise.reject(e); } };
        env.stack.push({ value: value, dispose: dispose, async: async });
    }
    else if (async) {
        env.stack.push({ async: true });
    }
    return value;
};
var __disposeResources = (this && this.__disposeResources) || (function (SuppressedError) {
    return function (env) {
        function fail(e) {
            env.error = env.hasError ? new SuppressedError(e, env.error, "An error was suppressed during disposal.") : e;
            env.hasError = true;
        }
        var r, s = 0;
        function next() {
            while (r = env.stack.pop()) {
                try {
                    if (!r.async && s === 1) return s = 0, env.stack.push(r), Promise.resolve().then(next);
                    if (r.dispose) {
                        var result = r.dispose.call(r.value);
                        if (r.async) return s |= 2, Promise.resolve(result).then(next, function(e) { fail(e); return next(); });
                    }
                    else s |= 1;
                }
                catch (e) {
                    fail(e);
                }
            }
            if (s === 1) return env.hasError ? Promise.reject(env.error) : Promise.resolve();
            if (env.hasError) throw env.error;
        }
        return next();
    };
})(typeof SuppressedError === "function" ? SuppressedError : function (error, suppressed, message) {
    var e = new Error(message);
    return e.name = "SuppressedError", e.error = error, e.suppressed = suppressed, e;
});
// Hostile input on every protocol of a real peer process: garbage, truncated
// and oversize messages reset that stream and leave a log line; the peer keeps
// running and keeps answering.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import * as varint from 'uint8-varint';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { MEMBERS_TOPIC } from '../src/peer/membership.js';
import { createClientNode, createPeerNode } from '../src/peer/node.js';
import { RaftBatch } from '../protocols/raft.js';
import { RAFT_PROTOCOL } from '../src/peer/consensus/transport.js';
import { STATUS_PROTOCOL } from '../protocols/status/wire.js';
import { readSwarmKey } from '../src/peer/swarm-key.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
const frame = (length, body) => {
    const prefix = varint.encode(length);
    const out = new Uint8Array(prefix.length + body.length);
    out.set(prefix);
    out.set(body, prefix.length);
    return out;
};
const junk = new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 131 + 7) & 0xff));
// Thousands of empty entries or messages decode into a huge object graph; the codec's limits must refuse them.
const emptyMessage = (entries) => ({ group: 'master', type: 4, from: '', to: '', term: 1, logIndex: 0, logTerm: 0, entries: Array.from({ length: entries }, () => ({ index: 0, term: 0, type: 0, data: new Uint8Array() })), commit: 0, reject: false, rejectHint: 0 });
const manyEntries = RaftBatch.encode({ from: 'x', to: 'y', messages: [emptyMessage(5000)] });
const manyMessages = RaftBatch.encode({ from: 'x', to: 'y', messages: Array.from({ length: 20_000 }, () => emptyMessage(0)) });
const attacks = {
    garbage: frame(junk.length, junk),
    'many entries': frame(manyEntries.length, manyEntries),
    'many messages': frame(manyMessages.length, manyMessages),
    'padded length': new Uint8Array([0x85, 0x80, 0x00, 1, 2, 3, 4, 5]),
    truncated: frame(1000, junk),
    oversize: frame(512 * 1024 * 1024, junk),
    'bad length': new Uint8Array(12).fill(0xff)
};
async function attack(client, target, protocol, bytes) {
    const stream = await client.dialProtocol(multiaddr(target), protocol, { signal: AbortSignal.timeout(5_000) });
    stream.send(bytes);
    await stream.close();
    // The peer must end the stream (reset, or close without an answer), not hang or answer.
    const received = [];
    try {
        for await (const chunk of stream)
            received.push(chunk.subarray());
    }
    catch (err) {
        return `reset (${err.name})`;
    }
    return received.length === 0 ? 'closed' : `answered ${received.length} chunks`;
}
test('garbage, truncated and oversize messages reset the stream; the peer stays up', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(1), true);
        const peer = swarm.file.peers[0];
        const target = peer.addrs[0];
        const swarmKey = await readSwarmKey(swarm.file.swarmKey);
        const client = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey });
        await client.start();
        try {
            for (const protocol of [RAFT_PROTOCOL, STATUS_PROTOCOL]) {
                for (const [name, bytes] of Object.entries(attacks)) {
                    const outcome = await attack(client, target, protocol, bytes);
                    assert.ok(!outcome.startsWith('answered'), `${name} on ${protocol}: ${outcome}`);
                }
            }
            const log = await waitFor('the resets to be logged', async () => {
                const text = await readFile(join(peer.home, 'peer.log'), 'utf8');
                return (text.match(/stream reset/g) ?? []).length >= 2 * Object.keys(attacks).length ? text : undefined;
            });
            assert.match(log, /over the \d+ byte cap|Message length too long/);
            assert.match(log, /stream ended inside a frame|Unexpected EOF/);
            assert.match(log, /malformed/);
        }
        finally {
            await client.stop();
        }
        const status = await swarm.status();
        assert.is(status.peers.find(p => p.id === peer.id)?.state, 'alive');
        assert.is(status.master?.id, peer.id);
    }
    catch (e_1) {
        env_1.error = e_1;
        env_1.hasError = true;
    }
    finally {
        const result_1 = __disposeResources(env_1);
        if (result_1)
            await result_1;
    }
});
test('a forged or garbled heartbeat is dropped and logged', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(1), true);
        const peer = swarm.file.peers[0];
        const swarmKey = await readSwarmKey(swarm.file.swarmKey);
        const intruder = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [peer.addrs[0]] });
        await intruder.start();
        try {
            intruder.services.pubsub.subscribe(MEMBERS_TOPIC);
            await waitFor('the intruder to see the peer on the topic', () => intruder.services.pubsub.getSubscribers(MEMBERS_TOPIC).length > 0);
            await intruder.services.pubsub.publish(MEMBERS_TOPIC, junk);
            const log = await waitFor('the bad heartbeat to be logged', async () => {
                const text = await readFile(join(peer.home, 'peer.log'), 'utf8');
                return /bad heartbeat/.test(text) ? text : undefined;
            });
            assert.ok(log.includes(intruder.peerId.toString()));
        }
        finally {
            await intruder.stop();
        }
        const status = await swarm.status();
        assert.ok(!status.peers.some(p => p.id === ''), 'the garbled heartbeat added no member');
        assert.is(status.master?.id, peer.id);
    }
    catch (e_2) {
        env_2.error = e_2;
        env_2.hasError = true;
    }
    finally {
        const result_2 = __disposeResources(env_2);
        if (result_2)
            await result_2;
    }
});
test.run();
//# sourceMappingURL=garbage.test.js.map