// A local swarm for one benchmark: brought up in a fresh home, taken down and
// removed afterwards whatever happens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down, up } from '../src/client/local-swarm.js';
export async function withLocalSwarm(name, peers, work) {
    // Peers started here die with this process, whatever happens to it.
    process.env.SHOAL_EXIT_WITH_PID = String(process.pid);
    const home = await mkdtemp(join(tmpdir(), `shoal-bench-${name}-`));
    try {
        const { file } = await up({ home, peers });
        return await work(home, file.peers);
    }
    finally {
        await down(home).catch(() => { });
        await rm(home, { recursive: true, force: true });
    }
}
//# sourceMappingURL=local-swarm.js.map