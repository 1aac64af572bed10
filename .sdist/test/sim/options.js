// The options each seed runs with, shared by the test and the sweep tool.
import { VARIATIONS } from './cluster.js';
import { Rng } from './prng.js';
/**
 * Two seeds in three run one group for 300 ticks of chaos, as the simulation
 * always did: 3 and 5 voters, and a one-voter bootstrap that has to grow;
 * membership changes in two thirds; clients busy; on a scattered network
 * (each message alone, as the simulation always had it: harsher than the
 * transport, and better at ordering bugs: a planted Raft Figure 8 bug, a
 * leader committing an old term's entry by counting replicas, fails 17 of
 * the 13,334 such seeds in 1 to 20,000, one of the default 2,000, and none
 * of the many-group seeds). Every third seed runs 3 to 8 groups on 5 to 7
 * peers for MULTI_CHAOS_TICKS over the transport's per-peer batches, each
 * group with its own voters, membership and load (some idle, so they go
 * quiet; an idle group's membership changes as rarely as it is written), and in
 * two thirds of them with fewer crashes and partitions, so that idle groups
 * are quiet when a peer fails. A few seeds run without pre-vote or
 * check-quorum. The variations are drawn by the cluster from the seed.
 */
export function options(seed) {
    const preVote = seed % 7 !== 3;
    const checkQuorum = seed % 11 !== 5;
    const common = {
        seed,
        // Without either, a removed voter that never learnt of its removal keeps
        // deposing leaders with higher terms (dissertation §4.2.3): slow, not stuck.
        livenessTicks: preVote || checkQuorum ? 400 : 1000,
        preVote,
        checkQuorum
    };
    if (!isMultiGroup(seed)) {
        const voters = [3, 5, 3, 5, 1][seed % 5];
        const group = { voters, membership: voters === 1 || Math.floor(seed / 3) % 3 !== 0, load: 0.4 };
        return { ...common, peers: voters, groups: [group], chaosTicks: 300, scatter: true };
    }
    const rng = new Rng(seed * 7919 + 17);
    const peers = 5 + rng.int(3);
    const groups = Array.from({ length: 3 + rng.int(6) }, () => {
        const voters = rng.pick([3, 3, 5, 1]);
        return { voters, membership: voters === 1 || rng.chance(0.6), load: rng.pick([0.4, 0.1, 0.02, 0.005]) };
    });
    return { ...common, peers, groups, chaosTicks: MULTI_CHAOS_TICKS, trouble: rng.pick([1, 0.5, 0.25]) };
}
/** Every third seed runs many groups. */
export function isMultiGroup(seed) {
    return seed % 3 === 0;
}
export const MULTI_CHAOS_TICKS = 150;
/** 'none', or one variation's name: every seed runs with that variation alone instead of its own draws. */
export function forcedVariations(spec) {
    if (spec === undefined || spec === '')
        return undefined;
    if (spec !== 'none' && !VARIATIONS.includes(spec))
        throw new Error(`no variation ${spec}; there are none, ${VARIATIONS.join(', ')}`);
    return Object.fromEntries(VARIATIONS.map(v => [v, v === spec]));
}
//# sourceMappingURL=options.js.map