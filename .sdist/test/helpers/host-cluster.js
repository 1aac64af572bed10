// Group hosts of the master group wired to each other in memory, over real
// LMDB in a temporary directory: the driver, the host and the storage as a
// peer runs them, with the network in the test's hands.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupHost } from '../../src/peer/consensus/host.js';
import { logger } from '../../src/peer/log.js';
import { Store } from '../../src/peer/store.js';
import { MasterState } from '../../src/roles/master/state.js';
/** Elections in 150–300 ms: quick, yet not won by whoever stalls a loaded machine's event loop for 50 ms. */
export const FAST = { tickMs: 5, electionTicks: 30, heartbeatTicks: 3 };
export class HostCluster {
    dir;
    options;
    members = new Map();
    constructor(dir, options) {
        this.dir = dir;
        this.options = options;
    }
    /** Runs `fn` on a new cluster and closes every member and the directory after. */
    static async with(options, fn) {
        const cluster = new HostCluster(await mkdtemp(join(tmpdir(), 'shoal-hosts-')), options);
        try {
            await fn(cluster);
        }
        finally {
            for (const id of [...cluster.members.keys()])
                await cluster.close(id);
            await rm(cluster.dir, { recursive: true, force: true });
        }
    }
    /** Opens `id` (again, after a close: from what it persisted); a leader's first message opens the group on a newcomer. */
    open(id, options = {}) {
        const store = Store.open(join(this.dir, id), this.options.store?.(id));
        const state = new MasterState();
        const log = this.options.log?.(id) ?? logger(id);
        const host = new GroupHost({
            self: id,
            store,
            send: (group, m) => {
                if (this.options.onSend?.(m) !== false)
                    this.members.get(m.to)?.host.receive(group, m);
            },
            log,
            timing: FAST
        });
        const groupOptions = {
            group: 'master',
            stateMachine: state,
            log,
            bootstrapConf: options.bootstrap === true ? { voters: [id], learners: [] } : undefined,
            snapshotEvery: options.snapshotEvery
        };
        host.onStray = () => { host.open(groupOptions); };
        const member = { id, store, state, host, group: host.open(groupOptions), halted: [] };
        host.on('fatal', (err) => { member.halted.push(err); });
        this.members.set(id, member);
        host.start();
        return member;
    }
    async close(id) {
        const member = this.members.get(id);
        if (member === undefined)
            return;
        member.host.stop();
        this.members.delete(id);
        await member.store.close();
    }
}
//# sourceMappingURL=host-cluster.js.map