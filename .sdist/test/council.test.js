var __addDisposableResource = (this && this.__addDisposableResource) || function (env, value, async) {
    if (value !== null && value !== void 0) {
        if (typeof value !== "object" && typeof value !== "function") throw new TypeError("Object expected.");
        var dispose, inner;
        if (async) {
            if (!Symbol.asyncDispose) throw new TypeError("Symbol.asyncDispose is not defined.");
            dispose = value[Symbol.asyncDispose];
        }
        if (dispose === void 0) {
            if (!Symbol.dispose) throw new TypeError("Symbol.dispose is not defined.");
            dispose = value[Symbol.dispose];
            if (async) inner = dispose;
        }
        if (typeof dispose !== "function") throw new TypeError("Object not disposable.");
        if (inner) dispose = function() { try { inner.call(this); } catch (e) { return Promise.reject(e); } };
        env.stack.push({ value: value, dispose: dispose, async: async });
    }
    else if (async) {
        env.stack.push({ async: true });
    }
    return value;
};
var __disposeResources = (this && this.__disposeResources) || (function (SuppressedError) {
    return function (env) {
        function fail(e) {
            env.error = env.hasError ? new SuppressedError(e, env.error, "An error was suppressed during disposal.") : e;
            env.hasError = true;
        }
        var r, s = 0;
        function next() {
            while (r = env.stack.pop()) {
                try {
                    if (!r.async && s === 1) return s = 0, env.stack.push(r), Promise.resolve().then(next);
                    if (r.dispose) {
                        var result = r.dispose.call(r.value);
                        if (r.async) return s |= 2, Promise.resolve(result).then(next, function(e) { fail(e); return next(); });
                    }
                    else s |= 1;
                }
                catch (e) {
                    fail(e);
                }
            }
            if (s === 1) return env.hasError ? Promise.reject(env.error) : Promise.resolve();
            if (env.hasError) throw env.error;
        }
        return next();
    };
})(typeof SuppressedError === "function" ? SuppressedError : function (error, suppressed, message) {
    var e = new Error(message);
    return e.name = "SuppressedError", e.error = error, e.suppressed = suppressed, e;
});
// The council on real peer processes: dead voters are replaced by live peers,
// and --roles decides which worker roles a peer serves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
test('a voter dead for 10 s is replaced by a live peer', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(4), true);
        const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        const spare = swarm.file.peers.find(p => !before.council.includes(p.id));
        const victim = before.council.find(id => id !== before.master.id);
        swarm.kill(swarm.peerIndex(victim));
        const after = await swarm.waitForLeaders('the spare to take the dead voter\'s seat', s => s.council.length === 3 && !s.council.includes(victim) && s.council.includes(spare.id) &&
            s.shardmasterCouncil.length === 3 && !s.shardmasterCouncil.includes(victim), 30_000);
        assert.is(after.peers.find(p => p.id === victim)?.state, 'dead');
    }
    catch (e_1) {
        env_1.error = e_1;
        env_1.hasError = true;
    }
    finally {
        const result_1 = __disposeResources(env_1);
        if (result_1)
            await result_1;
    }
});
test('--roles limits the worker roles a peer serves; a bad role is a user error', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(1), true);
        const home = __addDisposableResource(env_2, await tempHome(), true);
        const bad = await shoal(['peer', 'start', '--home', home.path, '--roles', 'chunkserver,bogus']);
        assert.is(bad.code, 1);
        assert.match(bad.stderr, /unknown role "bogus"/);
        const child = spawn(process.execPath, [SHOAL_BIN, 'peer', 'start', '--home', home.path, '--swarm-key', swarm.file.swarmKey,
            '--listen', '/ip4/127.0.0.1/tcp/0', '--roles', 'chunkserver', '--swarm', swarm.file.peers[0].addrs[0]], {
            stdio: 'ignore', env: { ...process.env, SHOAL_EXIT_WITH_PID: String(process.pid) }
        });
        try {
            const status = await waitFor('the chunkserver-only peer to show', async () => {
                const s = await swarm.status();
                return s.peers.length === 2 && s.peers.every(p => p.roles.length > 0) ? s : undefined;
            });
            const newcomer = status.peers.find(p => p.id !== swarm.file.peers[0].id);
            assert.equal(newcomer.roles, ['chunkserver']);
        }
        finally {
            child.kill('SIGKILL');
        }
    }
    catch (e_2) {
        env_2.error = e_2;
        env_2.hasError = true;
    }
    finally {
        const result_2 = __disposeResources(env_2);
        if (result_2)
            await result_2;
    }
});
test.run();
//# sourceMappingURL=council.test.js.map