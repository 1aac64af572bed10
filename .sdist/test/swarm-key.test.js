import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { explainDialError } from '../src/peer/dial-error.js';
import { createClientNode, createPeerNode } from '../src/peer/node.js';
import { formatSwarmKey, generateSwarmKey, parseSwarmKey, SwarmKeyError } from '../src/peer/swarm-key.js';
test('a swarm key round-trips through its file format and bad files are refused', () => {
    const key = generateSwarmKey();
    assert.equal(parseSwarmKey(formatSwarmKey(key)), key);
    for (const bad of ['', 'nonsense', '/shoal/swarm-key/1.0.0\nabc', `/shoal/swarm-key/1.0.0\n${'zz'.repeat(32)}`]) {
        assert.throws(() => parseSwarmKey(bad), (err) => err instanceof SwarmKeyError && /shoal keygen/.test(err.message));
    }
});
test('only holders of the swarm key complete a handshake, and the refusal names the key', async () => {
    const key = generateSwarmKey();
    const peer = await createPeerNode({ privateKey: await ephemeralIdentity(), swarmKey: key, listen: ['/ip4/127.0.0.1/tcp/0'], announce: [], bootstrap: [] });
    await peer.start();
    const member = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey: key });
    const outsider = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey: generateSwarmKey() });
    await member.start();
    await outsider.start();
    try {
        const addr = peer.getMultiaddrs()[0];
        const rtt = await member.services.ping.ping(addr, { signal: AbortSignal.timeout(5_000) });
        assert.ok(rtt >= 0);
        let refusal;
        try {
            await outsider.dial(addr, { signal: AbortSignal.timeout(5_000) });
        }
        catch (err) {
            refusal = err;
        }
        assert.ok(refusal != null, 'a client with another key must not connect');
        assert.match(explainDialError(refusal), /wrong swarm key\?/);
        assert.is(peer.getConnections().filter(c => c.remotePeer.equals(outsider.peerId)).length, 0);
    }
    finally {
        await Promise.all([member.stop(), outsider.stop(), peer.stop()]);
    }
});
test.run();
//# sourceMappingURL=swarm-key.test.js.map