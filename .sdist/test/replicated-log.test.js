// The master's replicated log on three in-process peers (real libp2p, real
// LMDB): what was committed survives every peer stopping and starting again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMasterCommand } from '../src/roles/master/state.js';
import { InProcessSwarm } from './helpers/in-process.js';
import { waitFor } from './helpers/wait.js';
test('committed entries survive a full stop and start of every peer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-log-'));
    const swarm = new InProcessSwarm(dir);
    try {
        await swarm.init(3);
        for (let i = 0; i < 3; i++)
            await swarm.start(i);
        await waitFor('a council of three', () => swarm.leaderOf('master')?.peer.council.voters().length === 3, { timeoutMs: 20_000 });
        const leader = swarm.leaderOf('master');
        for (let n = 0; n < 50; n++) {
            await leader.peer.council.group('master').propose(encodeMasterCommand({ op: 'set', key: `k${n}`, value: n }));
        }
        await waitFor('every replica to apply', () => swarm.peers.every(p => p?.machines.master.get('k49') === 49));
        await swarm.stopAll();
        for (let i = 0; i < 3; i++)
            await swarm.start(i);
        await waitFor('a leader after restart', () => swarm.leaderOf('master'), { timeoutMs: 20_000 });
        await waitFor('every replica to replay the log', () => swarm.peers.every(p => p?.machines.master.get('k49') === 49), { timeoutMs: 20_000 });
        for (const p of swarm.peers) {
            for (let n = 0; n < 50; n++)
                assert.is(p.machines.master.get(`k${n}`), n);
        }
    }
    finally {
        await swarm.stopAll();
        await rm(dir, { recursive: true, force: true });
    }
});
test.run();
//# sourceMappingURL=replicated-log.test.js.map