// Peers in this process: real libp2p over TCP on 127.0.0.1 and real LMDB on
// disk, with direct access to their consensus groups and state machines.
import { join } from 'node:path';
import { freePort } from '../../src/client/local-swarm.js';
import { loadPeerConfig } from '../../src/peer/config.js';
import { Peer } from '../../src/peer/peer.js';
import { generateSwarmKey, writeSwarmKey } from '../../src/peer/swarm-key.js';
import { peerParts } from '../../src/roles/index.js';
export class InProcessSwarm {
    dir;
    ports = [];
    peers = [];
    constructor(dir) {
        this.dir = dir;
    }
    async init(count) {
        await writeSwarmKey(join(this.dir, 'swarm.key'), generateSwarmKey());
        for (let i = 0; i < count; i++)
            this.ports.push(await freePort());
    }
    addr(i) {
        return `/ip4/127.0.0.1/tcp/${this.ports[i]}`;
    }
    async start(i) {
        const home = join(this.dir, `peer-${i}`);
        const bootstrap = i === 0 ? [] : this.ports.map((_, j) => j).filter(j => j !== i && this.peers[j] != null).map(j => `${this.addr(j)}/p2p/${this.peers[j].peer.id}`);
        const config = await loadPeerConfig(home, { listen: [this.addr(i)], bootstrap, swarmKeyPath: join(this.dir, 'swarm.key') });
        const parts = peerParts();
        const machines = parts.stateMachines;
        const peer = await Peer.start(config, parts);
        this.peers[i] = { peer, machines };
        return this.peers[i];
    }
    async stop(i) {
        await this.peers[i]?.peer.stop();
        this.peers[i] = undefined;
    }
    async stopAll() {
        await Promise.all(this.peers.map((_, i) => this.stop(i)));
    }
    leaderOf(group) {
        return this.peers.find(p => p?.peer.council.leader(group)?.id === p?.peer.id);
    }
}
//# sourceMappingURL=in-process.js.map