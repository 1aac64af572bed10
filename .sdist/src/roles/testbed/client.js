// Drives the testbed role of peers started with SHOAL_TEST_HOOKS=1 (tests and
// benchmarks only): extra consensus groups opened, proposed to and read on real peers.
import { multiaddr } from '@multiformats/multiaddr';
import { TestbedRequest, TestbedResponse } from '../../../protocols/testbed.js';
import { call } from '../../peer/rpc.js';
import { TESTBED_PROTOCOL } from './service.js';
export const TEST_HOOKS = { SHOAL_TEST_HOOKS: '1' };
export async function testbed(client, file, peerId, request, timeoutMs = 10_000) {
    const peer = file.peers.find(p => p.id === peerId);
    if (peer == null)
        throw new Error(`${peerId} is not a peer of this swarm`);
    const full = { voters: [], data: new Uint8Array(), count: 0, concurrency: 0, size: 0, durable: false, ...request };
    return await call(client.node, peer.addrs.map(a => multiaddr(a)), full, {
        protocol: TESTBED_PROTOCOL, request: TestbedRequest, response: TestbedResponse, signal: AbortSignal.timeout(timeoutMs), maxResponseBytes: 32 * 1024 * 1024
    });
}
//# sourceMappingURL=client.js.map