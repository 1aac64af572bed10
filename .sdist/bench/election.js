// Election benchmark: on a local swarm of 5 and then 3 peer processes, SIGKILL
// the current master 10 times (restarting it each time) and time how long
// until a new master is visible in `swarm status`. Compared with etcd 3.4 (3
// members, stock timing) killed the same way in the same run. Then the other
// side of fast failover: the elections that bulk load alone causes (the DFS
// benchmark on a swarm of 3), which should be none.
import { isPeerProcess, up } from '../src/client/local-swarm.js';
import { Swarm } from '../src/client/swarm.js';
import { measureDfs } from './dfs.js';
import { figures, measureEtcdFailover } from './etcd-baseline.js';
import { withLocalSwarm } from './local-swarm.js';
const KILLS = 10;
const POLL_MS = 10;
const DEADLINE_MS = 15_000;
async function measureShoal(peers) {
    const samples = [];
    await withLocalSwarm(`election-${peers}`, peers, async (home, started) => {
        let file = { peers: started };
        const swarm = await Swarm.connect({ home });
        try {
            for (let round = 0; round < KILLS; round++) {
                const before = await swarm.status();
                if (before.master == null)
                    throw new Error('no master before the kill');
                const victim = file.peers.find(p => p.id === before.master.id);
                let last;
                const killedAt = performance.now();
                process.kill(victim.pid, 'SIGKILL');
                for (;;) {
                    if (performance.now() - killedAt > DEADLINE_MS)
                        throw new Error(`round ${round + 1}: no new master ${DEADLINE_MS} ms after killing ${victim.id} (last status: ${JSON.stringify(last)})`);
                    const status = await swarm.status().catch(() => undefined);
                    last = status ?? last;
                    if (status?.master != null && status.master.id !== victim.id && status.master.term > before.master.term)
                        break;
                    await new Promise(resolve => setTimeout(resolve, POLL_MS));
                }
                samples.push(performance.now() - killedAt);
                process.stderr.write(`${peers} peers, round ${round + 1}: ${Math.round(samples[samples.length - 1])} ms\n`);
                while (await isPeerProcess(victim.pid, victim.home))
                    await new Promise(resolve => setTimeout(resolve, POLL_MS));
                file = (await up({ home, peers })).file;
            }
        }
        finally {
            await swarm.close();
        }
    });
    return figures(samples);
}
function terms(status) {
    if (status.master == null || status.shardmaster == null)
        throw new Error('no master or no shardmaster');
    return { master: status.master.term, shardmaster: status.shardmaster.term };
}
/**
 * The DFS benchmark's whole load on a local swarm of 3 where nobody is
 * killed: the new terms it leaves in each control group, every one an election
 * the load caused.
 */
async function electionsUnderDfsLoad() {
    return await withLocalSwarm('election-load', 3, async (home, peers) => {
        const swarm = await Swarm.connect({ home });
        try {
            const before = terms(await swarm.status());
            await measureDfs(home, peers.map(peer => peer.pid));
            const after = terms(await swarm.status());
            return { master: after.master - before.master, shardmaster: after.shardmaster - before.shardmaster };
        }
        finally {
            await swarm.close();
        }
    });
}
export async function run() {
    const fivePeers = await measureShoal(5);
    const threePeers = await measureShoal(3);
    const underLoad = await electionsUnderDfsLoad();
    const etcd = await measureEtcdFailover({ members: 3, kills: KILLS });
    return {
        bench: 'election',
        kills: KILLS,
        shoal_5_peers: fivePeers,
        shoal_3_peers: threePeers,
        // Nobody is killed here: every one is a failover users feel for nothing.
        leader_changes_under_dfs_load: underLoad,
        baseline_etcd_3_4_3_members: etcd,
        goal: { median_ms: 1000, max_ms: 2500, leader_changes_under_dfs_load: 0 }
    };
}
//# sourceMappingURL=election.js.map