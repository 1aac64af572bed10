// Snapshot benchmark: a 256 MiB state kept in LMDB (a testbed durable group on
// one peer) catches up a new member by a streamed snapshot. Each round times
// it from the member's addition until it has applied everything, samples both
// peers' anonymous memory meanwhile, and measures the raw throughput of one
// libp2p stream between the same two peers (the baseline) in the same round.
import { memoryMiB } from './proc-usage.js';
import { measureCeiling } from './dfs-ceiling.js';
import { TestbedSwarm } from './testbed-swarm.js';
const MIB = 1024 * 1024;
const ROUNDS = 3;
const VALUE_BYTES = 64 * 1024;
const STATE_BYTES = 256 * MIB;
const LOAD_TIMEOUT_MS = 300_000;
const CATCH_UP_DEADLINE_MS = 120_000;
export async function run() {
    const swarm = await TestbedSwarm.up(2);
    const [a, b] = swarm.ids;
    const rounds = [];
    try {
        for (let round = 0; round < ROUNDS; round++) {
            const group = `test/snapshot${round}`;
            await swarm.openGroup(group, [a]);
            await swarm.call(a, { op: 'load', group, count: STATE_BYTES / VALUE_BYTES, concurrency: 16, size: VALUE_BYTES }, LOAD_TIMEOUT_MS);
            const target = (await swarm.call(a, { op: 'status', group })).index;
            const raw = await measureCeiling(swarm.home, STATE_BYTES);
            await swarm.call(b, { op: 'open', group, durable: true });
            const baseline = await Promise.all(swarm.pids.map(memoryMiB));
            const peak = baseline.map(m => m.anon);
            const sampler = setInterval(() => {
                void Promise.all(swarm.pids.map(memoryMiB)).then(now => { now.forEach((m, k) => { peak[k] = Math.max(peak[k], m.anon); }); }, () => { });
            }, 20);
            const started = performance.now();
            try {
                await swarm.call(a, { op: 'learner', group, voters: [b] });
                while ((await swarm.call(b, { op: 'status', group })).index < target) {
                    if (performance.now() - started > CATCH_UP_DEADLINE_MS)
                        throw new Error(`${group}: no catch-up within ${CATCH_UP_DEADLINE_MS} ms`);
                    await new Promise(resolve => setTimeout(resolve, 20));
                }
            }
            finally {
                clearInterval(sampler);
            }
            const seconds = (performance.now() - started) / 1000;
            rounds.push({
                snapshot_mib_per_s: round1(STATE_BYTES / MIB / seconds),
                raw_mib_per_s: round1(raw.mib_per_s),
                seconds: round1(seconds),
                growth_mib: { sender: peak[0] - baseline[0].anon, receiver: peak[1] - baseline[1].anon }
            });
            process.stderr.write(`snapshot round ${round + 1}: ${JSON.stringify(rounds[round])}\n`);
        }
    }
    finally {
        await swarm.down();
    }
    const ratios = rounds.map(r => r.snapshot_mib_per_s / r.raw_mib_per_s).sort((x, y) => x - y);
    return {
        bench: 'snapshot',
        state_mib: STATE_BYTES / MIB,
        of_raw_median: Math.round(ratios[Math.floor(ratios.length / 2)] * 100) / 100,
        max_growth_mib: Math.max(...rounds.flatMap(r => [r.growth_mib.sender, r.growth_mib.receiver])),
        rounds,
        goal: { of_raw: 0.5, growth_mib: 128 }
    };
}
function round1(n) {
    return Math.round(n * 10) / 10;
}
//# sourceMappingURL=snapshot.js.map