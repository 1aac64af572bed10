import { ShoalCommand } from '../../cli/base.js';
import { Swarm } from '../../client/swarm.js';
export default class SwarmStatusCommand extends ShoalCommand {
    static description = 'Show the peers of the swarm, their roles and liveness, and who coordinates';
    async run() {
        const swarm = await Swarm.connect({ home: this.home, swarm: this.flags.swarm });
        try {
            const status = await swarm.status();
            const leader = (l) => l == null ? 'none elected' : `${l.id} (term ${l.term})`;
            this.log(`master       ${leader(status.master)}`);
            this.log(`shardmaster  ${leader(status.shardmaster)}`);
            this.log(`council      ${status.council.join(' ')}`);
            this.log(`peers (${status.peers.length}):`);
            for (const peer of status.peers) {
                this.log(`  ${peer.id}  ${peer.state.padEnd(7)}  ${peer.roles.join(',')}${peer.full ? ' (disk full)' : ''}  ${peer.addrs[0] ?? ''}`);
            }
            return status;
        }
        finally {
            await swarm.close();
        }
    }
}
//# sourceMappingURL=status.js.map