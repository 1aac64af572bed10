import { ShoalCommand } from '../cli/base.js';
import { down } from '../client/local-swarm.js';
export default class Down extends ShoalCommand {
    static description = 'Stop every peer of the local swarm (their data stays; `shoal up` restarts them)';
    async run() {
        const result = await down(this.home);
        this.log(`stopped ${result.stopped.length} peer${result.stopped.length === 1 ? '' : 's'}`);
        return result;
    }
}
//# sourceMappingURL=down.js.map