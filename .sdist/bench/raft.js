// Raft benchmark: one 3-voter group on 3 local peers (testbed hook), 64
// proposers of 100-byte commands in flight on its leader: commits per second
// with p50/p99 latency, then ReadIndex reads per second. The baseline, in the
// same run, is the same load on a 1-voter group: no replication, one fsync
// per batch.
import { TestbedSwarm } from './testbed-swarm.js';
const COMMANDS = 60_000;
const READS = 200_000;
const IN_FLIGHT = 64;
const COMMAND_BYTES = 100;
const LOAD_TIMEOUT_MS = 120_000;
export async function run() {
    const swarm = await TestbedSwarm.up(3);
    try {
        const leader = await swarm.openGroup('test/raft3', swarm.ids);
        const solo = await swarm.openGroup('test/raft1', [swarm.ids[0]]);
        const load = async (peer, group, op, count) => {
            const r = await swarm.call(peer, { op, group, count, concurrency: IN_FLIGHT, size: COMMAND_BYTES }, LOAD_TIMEOUT_MS);
            return { per_s: Math.round(r.perSecond), p50_ms: round(r.p50Ms), p99_ms: round(r.p99Ms) };
        };
        const commits = await load(leader, 'test/raft3', 'load', COMMANDS);
        const reads = await load(leader, 'test/raft3', 'readload', READS);
        const baseline = await load(solo, 'test/raft1', 'load', COMMANDS);
        return {
            bench: 'raft',
            voters: 3,
            in_flight: IN_FLIGHT,
            command_bytes: COMMAND_BYTES,
            commits,
            reads,
            baseline_1_voter_commits: baseline,
            goal: { commits_per_s: 30_000, commit_p99_ms: 20, reads_per_s: 100_000 }
        };
    }
    finally {
        await swarm.down();
    }
}
function round(ms) {
    return Math.round(ms * 100) / 100;
}
//# sourceMappingURL=raft.js.map