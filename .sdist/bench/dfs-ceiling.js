// Throughput ceiling for the DFS benchmark: one peer of a local swarm pushes
// raw bytes to another over `/shoal/perf/1.0.0` (TCP + Noise + Yamux, nothing
// stored), so DFS figures can be read as a fraction of what the wire allows.
import { multiaddr } from '@multiformats/multiaddr';
import { readSwarmFile } from '../src/client/swarm-file.js';
import { Swarm } from '../src/client/swarm.js';
import { requestPush } from '../src/peer/perf.js';
import { withLocalSwarm } from './local-swarm.js';
const MIB = 1024 * 1024;
const ROUNDS = 3;
const ROUND_BYTES = 256 * MIB;
/** Asks the first peer of the local swarm under `home` to push `bytes` bytes to the second. */
export async function measureCeiling(home, bytes) {
    const file = await readSwarmFile(home);
    if (file == null || file.peers.length < 2)
        throw new Error(`measureCeiling needs a local swarm of at least 2 peers under ${home}`);
    const [from, to] = file.peers;
    const swarm = await Swarm.connect({ home });
    try {
        const result = await requestPush(swarm.node, from.addrs.map(a => multiaddr(a)), to.id, bytes);
        if (result.receivedBytes !== bytes)
            throw new Error(`the sink received ${result.receivedBytes} of ${bytes} bytes`);
        return { mib_per_s: bytes / MIB / (result.elapsedMs / 1000), ms: result.elapsedMs };
    }
    finally {
        await swarm.close();
    }
}
export async function run() {
    const rounds = await withLocalSwarm('perf', 3, async (home) => {
        const measured = [];
        for (let round = 0; round < ROUNDS; round++) {
            const { mib_per_s, ms } = await measureCeiling(home, ROUND_BYTES);
            measured.push({ mib_per_s: Math.round(mib_per_s * 10) / 10, ms: Math.round(ms) });
            process.stderr.write(`perf round ${round + 1}: ${measured[round].mib_per_s} MiB/s\n`);
        }
        return measured;
    });
    const sorted = rounds.map(r => r.mib_per_s).sort((a, b) => a - b);
    return { bench: 'perf', bytes_per_round: ROUND_BYTES, rounds, median_mib_per_s: sorted[Math.floor(sorted.length / 2)] };
}
//# sourceMappingURL=dfs-ceiling.js.map