// A local swarm whose peers serve the testbed hook, for the consensus benchmarks:
// extra groups opened on chosen peers and waited on until they have a leader.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, up } from '../src/client/local-swarm.js';
import { Swarm } from '../src/client/swarm.js';
import { TEST_HOOKS, testbed } from '../src/roles/testbed/client.js';
const LEADER_DEADLINE_MS = 20_000;
export class TestbedSwarm {
    home;
    file;
    client;
    constructor(home, file, client) {
        this.home = home;
        this.file = file;
        this.client = client;
    }
    static async up(peers) {
        // Peers started here die with this process, whatever happens to it.
        process.env.SHOAL_EXIT_WITH_PID = String(process.pid);
        Object.assign(process.env, TEST_HOOKS);
        const home = await mkdtemp(join(tmpdir(), 'shoal-bench-testbed-'));
        const { file } = await up({ home, peers });
        const client = await Swarm.connect({ home });
        await client.status();
        return new TestbedSwarm(home, file, client);
    }
    get ids() { return this.file.peers.map(p => p.id); }
    get pids() { return this.file.peers.map(p => p.pid); }
    async call(peer, request, timeoutMs) {
        const response = await testbed(this.client, this.file, peer, request, timeoutMs);
        if (response.error !== '')
            throw new Error(`testbed ${request.op} ${request.group} on ${peer}: ${response.error}`);
        return response;
    }
    /** Opens `group` on `members` (kept in LMDB unless `durable` is false) and resolves with its leader once a command has committed through it. */
    async openGroup(group, members, durable = true) {
        for (const member of members)
            await this.call(member, { op: 'open', group, voters: members, durable });
        const deadline = Date.now() + LEADER_DEADLINE_MS;
        while (Date.now() < deadline) {
            const { leader } = await this.call(members[0], { op: 'status', group });
            if (leader !== '' && await this.call(leader, { op: 'propose', group, data: new Uint8Array(1) }).then(() => true, () => false))
                return leader;
            await new Promise(resolve => setTimeout(resolve, 50));
        }
        throw new Error(`${group} elected no leader within ${LEADER_DEADLINE_MS} ms`);
    }
    /** Resolves once every member of every group says it is quiet. */
    async quiet(groups) {
        const deadline = Date.now() + LEADER_DEADLINE_MS;
        for (const { group, members } of groups) {
            for (const member of members) {
                while (!(await this.call(member, { op: 'status', group })).quiesced) {
                    if (Date.now() > deadline)
                        throw new Error(`${group} on ${member} never went quiet`);
                    await new Promise(resolve => setTimeout(resolve, 100));
                }
            }
        }
    }
    async down() {
        await this.client.close();
        await down(this.home).catch(() => { });
        await rm(this.home, { recursive: true, force: true });
    }
}
//# sourceMappingURL=testbed-swarm.js.map