// Calls to the DFS master: finds it from the swarm's status, follows
// NOT_LEADER hints, and retries through a failover until a deadline.
import { MasterRequest, MasterResponse } from '../../protocols/dfs/dfs.js';
import { DFS_MASTER_PROTOCOL, serverAddrs } from '../../protocols/dfs/wire.js';
import { CodedError, USER_CODES } from '../peer/errors.js';
import { describeError } from '../peer/log.js';
import { call } from '../peer/rpc.js';
import { SwarmUnavailableError } from './errors.js';
/** Long enough to ride out a master failover (about a second) several times over. */
const FAILOVER_DEADLINE_MS = 30_000;
const CALL_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export class MasterClient {
    swarm;
    master;
    constructor(swarm) {
        this.swarm = swarm;
    }
    async request(fields) {
        const request = {
            path: '', to: '', chunks: [], chunkSize: 0, replicas: 0, force: false, recursive: false, clientId: '', seq: 0, firstUnanswered: 0, exclude: [], putId: '', ...fields
        };
        const deadline = Date.now() + FAILOVER_DEADLINE_MS;
        let problem = 'no master elected';
        for (let attempt = 0; Date.now() < deadline; attempt++) {
            if (attempt > 0)
                await new Promise(resolve => setTimeout(resolve, Math.min(50 * attempt, 500)));
            const master = this.master ?? await this.findMaster(attempt === 0);
            if (master == null)
                continue;
            let response;
            try {
                response = await call(this.swarm.node, serverAddrs(master), request, {
                    protocol: DFS_MASTER_PROTOCOL, request: MasterRequest, response: MasterResponse, maxResponseBytes: MAX_RESPONSE_BYTES, signal: AbortSignal.timeout(CALL_TIMEOUT_MS)
                });
            }
            catch (err) {
                problem = `master ${master.id} did not answer: ${describeError(err)}`;
                this.master = undefined;
                continue;
            }
            if (response.error === 'NOT_LEADER' || response.error === 'UNAVAILABLE') {
                problem = response.message;
                this.master = undefined;
                continue;
            }
            this.master = master;
            if (response.error === '')
                return response;
            if (USER_CODES.has(response.error))
                throw new CodedError(response.error, response.message);
            throw new SwarmUnavailableError(`${response.error}: ${response.message}`);
        }
        throw new SwarmUnavailableError(`the DFS master is unavailable: ${problem}`);
    }
    /** The master the swarm names; a swarm where no peer answers at all fails at once. */
    async findMaster(first) {
        return await this.swarm.master().catch((err) => {
            if (first)
                throw err;
            return undefined;
        });
    }
}
//# sourceMappingURL=master-client.js.map