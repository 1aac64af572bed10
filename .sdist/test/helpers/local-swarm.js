// A local swarm of real peer processes for tests, driven through the real CLI
// (`shoal up`/`shoal down`) and observed through the client library.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Swarm } from '../../src/client/swarm.js';
import { isPeerProcess } from '../../src/client/local-swarm.js';
import { readSwarmFile } from '../../src/client/swarm-file.js';
import { shoal, tempHome } from './cli.js';
import { waitFor } from './wait.js';
export class TestSwarm {
    home;
    file;
    cleanupHome;
    /** The environment every peer of this swarm starts with (on top of the test's). */
    env;
    client;
    constructor(home, cleanupHome, env) {
        this.home = home;
        this.cleanupHome = cleanupHome;
        this.env = env;
    }
    static async up(peers, env = {}) {
        const home = await tempHome();
        const swarm = new TestSwarm(home.path, home[Symbol.asyncDispose], env);
        await swarm.upAgain(peers);
        return swarm;
    }
    /** `shoal up` on the same home: restarts any peer that is not running. */
    async upAgain(peers = this.file?.peers.length ?? 3) {
        const result = await shoal(['up', '--peers', String(peers)], { home: this.home, env: this.env });
        if (result.code !== 0)
            throw new Error(`shoal up failed (${result.code}): ${result.stderr}${result.stdout}\n${await this.peerLogs()}`);
        const file = await readSwarmFile(this.home);
        if (file == null)
            throw new Error('shoal up wrote no swarm.json');
        this.file = file;
    }
    /** The tail of every peer's log, for failure messages. */
    async peerLogs(lines = 15) {
        const dirs = await readdir(join(this.home, 'local')).catch(() => []);
        const tails = await Promise.all(dirs.map(async (dir) => {
            const text = await readFile(join(this.home, 'local', dir, 'peer.log'), 'utf8').catch(() => '(no log)');
            return `--- ${dir}\n${text.split('\n').slice(-lines).join('\n')}`;
        }));
        return tails.join('\n');
    }
    async status() {
        return (await this.connect()).status();
    }
    /** The test's client of this swarm, made on first use and closed with it. */
    async connect() {
        this.client ??= await Swarm.connect({ home: this.home });
        return this.client;
    }
    peerIndex(id) {
        const index = this.file.peers.findIndex(p => p.id === id);
        if (index < 0)
            throw new Error(`${id} is not a peer of this swarm`);
        return index;
    }
    kill(index, signal = 'SIGKILL') {
        process.kill(this.file.peers[index].pid, signal);
    }
    async waitForExit(index) {
        const peer = this.file.peers[index];
        await waitFor(`peer ${index} to exit`, async () => !await isPeerProcess(peer.pid, peer.home));
    }
    /** Waits until a master and a shardmaster with terms above `afterTerm` are seen. */
    async waitForLeaders(what, accept = () => true, timeoutMs = 15_000) {
        return waitFor(what, async () => {
            const s = await this.status();
            return s.master != null && s.shardmaster != null && accept(s) ? s : undefined;
        }, { timeoutMs, intervalMs: 50 });
    }
    async down() {
        await this.client?.close();
        this.client = undefined;
        const result = await shoal(['down'], { home: this.home });
        if (result.code !== 0)
            throw new Error(`shoal down failed: ${result.stderr}`);
    }
    async [Symbol.asyncDispose]() {
        await this.client?.close().catch(() => { });
        for (const peer of this.file?.peers ?? []) {
            if (await isPeerProcess(peer.pid, peer.home))
                process.kill(peer.pid, 'SIGKILL');
        }
        await this.cleanupHome();
    }
}
//# sourceMappingURL=local-swarm.js.map