import { chunkserverRole } from './chunkserver/service.js';
import { masterRole } from './master/service.js';
import { MasterState } from './master/state.js';
import { ShardmasterState } from './shardmaster/state.js';
import { testbedRole } from './testbed/service.js';
const idle = () => ({ start() { }, stop() { } });
export function peerParts() {
    const master = new MasterState();
    return {
        stateMachines: { master, shardmaster: new ShardmasterState() },
        roleFactories: {
            master: masterRole(master),
            shardmaster: idle,
            chunkserver: chunkserverRole,
            worker: idle,
            testbed: testbedRole
        }
    };
}
//# sourceMappingURL=index.js.map