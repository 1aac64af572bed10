import { Checker } from './checker.js';
import { SimNode } from './node.js';
import { Rng } from './prng.js';
export class Net {
    params;
    checker = new Checker();
    nodes = new Map();
    queue = [];
    /** Messages for which this is true are lost. */
    drop = () => false;
    rng;
    constructor(seed = 1, params = { electionTicks: 10, heartbeatTicks: 2 }) {
        this.params = params;
        this.rng = new Rng(seed);
    }
    /** A group whose members all boot with the same conf. */
    static cluster(voters, seed = 1, params) {
        const net = new Net(seed, params);
        for (const id of voters)
            net.add(id, { voters, learners: [] });
        return net;
    }
    /** Starts a node; without `bootstrap` it has empty state and waits to be contacted. */
    add(id, bootstrap, params = this.params) {
        const node = new SimNode(id, params, this.rng.fork(), { send: messages => { this.queue.push(...messages); } }, this.checker, bootstrap);
        this.nodes.set(id, node);
        node.start();
        return node;
    }
    node(id) {
        const node = this.nodes.get(id);
        if (node === undefined)
            throw new Error(`no node ${id}`);
        return node;
    }
    /** Delivers until no message is left; returns how many arrived. */
    deliver() {
        let delivered = 0;
        for (let m = this.queue.shift(); m !== undefined; m = this.queue.shift()) {
            if (this.drop(m))
                continue;
            this.nodes.get(m.to)?.deliver(m);
            if (++delivered > 100_000)
                throw new Error('messages never stop');
        }
        return delivered;
    }
    /** `n` rounds of: every node ticks, then every message is delivered. */
    tick(n = 1) {
        for (let i = 0; i < n; i++) {
            for (const node of this.nodes.values())
                node.tick();
            this.deliver();
        }
    }
    /** Makes `id` campaign and runs the election to its end. */
    elect(id) {
        this.node(id).act(core => { core.campaign(); });
        this.deliver();
    }
    leaders() {
        return [...this.nodes.values()].filter(n => n.isLeader);
    }
    /** Cuts `id` off: everything to or from it is lost. */
    isolate(id) {
        this.drop = m => m.from === id || m.to === id;
    }
    heal() {
        this.drop = () => false;
    }
}
//# sourceMappingURL=net.js.map