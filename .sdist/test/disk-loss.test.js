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
// A peer that lost its database but kept its identity (peer.key) comes back as
// a new replica of each control group, never as the voter it was: the leader
// ignores it until the council has removed the old voter and promoted the new
// replica, and the swarm keeps its master throughout.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
test('a voter whose db/ is wiped is replaced by its new self, and the master stays', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(3), true);
        const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        const masterIndex = swarm.peerIndex(before.master.id);
        const victim = swarm.file.peers.findIndex((_, i) => i !== masterIndex);
        const victimId = swarm.file.peers[victim].id;
        swarm.kill(victim);
        await swarm.waitForExit(victim);
        await rm(join(swarm.file.peers[victim].home, 'db'), { recursive: true, force: true });
        await swarm.upAgain();
        const masterLog = join(swarm.file.peers[masterIndex].home, 'peer.log');
        for (const group of ['master', 'shardmaster']) {
            await waitFor(`${group}: the old voter removed and the new replica promoted`, async () => {
                const log = await readFile(masterLog, 'utf8');
                const removed = log.indexOf(`${group}: council remove ${victimId}`);
                return removed >= 0 && log.indexOf(`${group}: council addVoter ${victimId}`, removed) > removed;
            }, { timeoutMs: 30_000, intervalMs: 200 });
        }
        const after = await swarm.waitForLeaders('the council whole again', s => s.council.length === 3 && s.council.includes(victimId));
        assert.is(after.master?.id, before.master?.id, 'the master never moved');
        assert.is(after.master?.term, before.master?.term);
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
test.run();
//# sourceMappingURL=disk-loss.test.js.map