// DFS test helpers over a local swarm: bytes in and out, the swarm settled,
// and a chunk server asked directly what it holds.
import { createHash } from 'node:crypto';
import { getChunk, serverAddrs } from '../../protocols/dfs/wire.js';
import { CodedError } from '../../src/peer/errors.js';
const MiB = 1024 * 1024;
export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
export async function* slices(bytes, size = MiB) {
    for (let offset = 0; offset < bytes.length; offset += size)
        yield bytes.subarray(offset, offset + size);
}
export async function collect(source) {
    const parts = [];
    for await (const part of source)
        parts.push(part);
    return Buffer.concat(parts);
}
/** Waits until the master sees a council of 3 and all three chunk servers alive. */
export async function settled(swarm) {
    return await swarm.waitForLeaders('a council of 3 and 3 live chunk servers', s => s.council.length === 3 && s.peers.filter(p => p.state === 'alive' && p.roles.includes('chunkserver')).length === 3);
}
export function addrsOf(swarm, id) {
    return swarm.file.peers[swarm.peerIndex(id)].addrs;
}
/** Asks a chunk server directly for a whole chunk: its bytes, or the error code it answered. */
export async function askServer(client, swarm, id, cid) {
    try {
        return Buffer.concat(await getChunk(client.node, serverAddrs({ id, addrs: addrsOf(swarm, id) }), { cid, offset: 0, length: 0, whole: true }, { signal: AbortSignal.timeout(10_000) }));
    }
    catch (err) {
        if (err instanceof CodedError)
            return err.code;
        throw err;
    }
}
//# sourceMappingURL=dfs.js.map