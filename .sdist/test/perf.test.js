// `/shoal/perf/1.0.0` between real peer processes: a push arrives whole, and
// bad requests reset the stream while the peer keeps serving.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { multiaddr } from '@multiformats/multiaddr';
import { lpStream } from '@libp2p/utils';
import { PerfRequest } from '../protocols/perf.js';
import { StatusRequest, StatusResponse } from '../protocols/status/status.js';
import { ephemeralIdentity } from '../src/peer/identity.js';
import { createClientNode } from '../src/peer/node.js';
import { MAX_PERF_BYTES, PERF_PROTOCOL, requestPush } from '../src/peer/perf.js';
import { call } from '../src/peer/rpc.js';
import { STATUS_PROTOCOL } from '../protocols/status/wire.js';
import { readSwarmKey } from '../src/peer/swarm-key.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { rejects } from './helpers/rejects.js';
import { waitFor } from './helpers/wait.js';
const MIB = 1024 * 1024;
let swarm;
let client;
test.before(async () => {
    swarm = await TestSwarm.up(3);
    client = await createClientNode({ privateKey: await ephemeralIdentity(), swarmKey: await readSwarmKey(swarm.file.swarmKey) });
    await client.start();
});
test.after(async () => {
    await client?.stop();
    await swarm?.[Symbol.asyncDispose]();
});
test('a peer pushes 8 MiB to another and the sink receives all of it', async () => {
    const [a, b] = swarm.file.peers;
    const result = await requestPush(client, multiaddr(a.addrs[0]), b.id, 8 * MIB);
    assert.is(result.receivedBytes, 8 * MIB);
    assert.ok(result.elapsedMs > 0);
});
test('bad requests reset the stream; the peer keeps serving', async () => {
    const [a, b] = swarm.file.peers;
    const target = multiaddr(a.addrs[0]);
    const resets = (text) => (text.match(/perf\/1\.0\.0 from .*: stream reset/g) ?? []).length;
    const isReset = (err) => err.name === 'StreamResetError';
    // Sent raw: a sink request over the cap, and garbage. The peer must reset before any data.
    for (const request of [PerfRequest.encode({ bytes: MAX_PERF_BYTES + 1 }), new Uint8Array(16).fill(0xff)]) {
        const stream = await client.dialProtocol(target, PERF_PROTOCOL, { signal: AbortSignal.timeout(5_000) });
        const lp = lpStream(stream);
        await lp.write(request);
        await rejects(lp.read({ signal: AbortSignal.timeout(5_000) }), isReset);
    }
    await rejects(requestPush(client, target, b.id, 2 * MAX_PERF_BYTES), isReset);
    await rejects(requestPush(client, target, a.id, MIB), isReset);
    await rejects(requestPush(client, target, 'not-a-peer-id', MIB), isReset);
    const log = await waitFor('the resets to be logged', async () => {
        const text = await readFile(join(a.home, 'peer.log'), 'utf8');
        return resets(text) >= 5 ? text : undefined;
    });
    assert.match(log, /over the \d+ byte cap/);
    assert.match(log, /cannot push to itself/);
    assert.match(log, /not a member of this swarm/);
    assert.match(log, /malformed perf request/);
    const status = await call(client, target, {}, { protocol: STATUS_PROTOCOL, request: StatusRequest, response: StatusResponse });
    assert.is(status.self, a.id);
    const again = await requestPush(client, target, b.id, MIB);
    assert.is(again.receivedBytes, MIB);
});
test.run();
//# sourceMappingURL=perf.test.js.map