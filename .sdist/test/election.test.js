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
// Real peer processes on 127.0.0.1 started by `shoal up`: elections, failover
// after SIGKILL, rejoin, and a full stop/start.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
function assertOneCoordinatorEach(status, peers) {
    assert.is(status.peers.filter(p => p.state === 'alive').length, peers);
    const holders = (role) => status.peers.filter(p => p.roles.includes(role)).map(p => p.id);
    assert.equal(holders('master'), [status.master?.id], 'exactly one peer holds the master role');
    assert.equal(holders('shardmaster'), [status.shardmaster?.id], 'exactly one peer holds the shardmaster role');
    for (const peer of status.peers) {
        assert.ok(peer.roles.includes('chunkserver') && peer.roles.includes('worker'), `${peer.id} serves chunks and work`);
    }
}
for (const peers of [1, 3, 5]) {
    test(`a ${peers}-peer swarm elects exactly one master and one shardmaster`, async () => {
        const env_1 = { stack: [], error: void 0, hasError: false };
        try {
            const swarm = __addDisposableResource(env_1, await TestSwarm.up(peers)
            // Roles show in heartbeats, which take a beat to reach the master's view.
            , true);
            // Roles show in heartbeats, which take a beat to reach the master's view.
            const status = await waitFor('roles visible to the master', async () => {
                const s = await swarm.status();
                return s.peers.filter(p => p.roles.includes('master')).length === 1 &&
                    s.peers.filter(p => p.roles.includes('shardmaster')).length === 1 &&
                    s.council.length === (peers >= 5 ? 5 : peers >= 3 ? 3 : 1) ? s : undefined;
            });
            assertOneCoordinatorEach(status, peers);
            assert.ok(status.council.includes(status.master.id));
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
}
test('SIGKILL of the master: a new one within 5 s; the old one rejoins as a follower and learns the leaders', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(3), true);
        const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        const victim = swarm.peerIndex(before.master.id);
        const killedAt = Date.now();
        swarm.kill(victim);
        const after = await swarm.waitForLeaders('a new master', s => s.master.id !== before.master.id && s.master.term > before.master.term, 5_000);
        assert.ok(Date.now() - killedAt <= 5_000);
        assert.is.not(after.master.id, before.master.id);
        await swarm.upAgain();
        const rejoined = await waitFor('the old master alive again as a follower', async () => {
            const s = await swarm.status();
            const old = s.peers.find(p => p.id === before.master.id);
            return old?.state === 'alive' && s.master.id !== before.master.id ? s : undefined;
        });
        assert.ok(rejoined.master.term >= after.master.term);
        // The restarted peer's own view names the current leaders.
        const { Swarm } = await import('../src/client/swarm.js');
        const oldPeer = swarm.file.peers[victim];
        const direct = await Swarm.connect({ home: swarm.home, swarm: oldPeer.addrs });
        try {
            const own = await waitFor('the old master to learn the leaders', async () => {
                const s = await direct.status();
                return s.master?.id === rejoined.master.id ? s : undefined;
            });
            assert.is(own.master.term, rejoined.master.term);
            assert.ok(!own.peers.find(p => p.id === oldPeer.id).roles.includes('master'));
        }
        finally {
            await direct.close();
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
test('SIGTERM of the master hands leadership over and stops the peer cleanly', async () => {
    const env_3 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_3, await TestSwarm.up(3), true);
        const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        const leaving = swarm.peerIndex(before.master.id);
        swarm.kill(leaving, 'SIGTERM');
        await swarm.waitForExit(leaving);
        const after = await swarm.waitForLeaders('a successor', s => s.master.id !== before.master.id);
        assert.ok(after.master.term > before.master.term);
        const log = await readFile(join(swarm.file.peers[leaving].home, 'peer.log'), 'utf8');
        assert.match(log, /master: handing leadership to \S+/);
        assert.match(log, /SIGTERM: stopping/);
    }
    catch (e_3) {
        env_3.error = e_3;
        env_3.hasError = true;
    }
    finally {
        const result_3 = __disposeResources(env_3);
        if (result_3)
            await result_3;
    }
});
test('a full stop and start keeps the council, the peers and the terms', async () => {
    const env_4 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_4, await TestSwarm.up(3), true);
        const before = await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        await swarm.down();
        await swarm.upAgain();
        const after = await swarm.waitForLeaders('leaders after restart', s => s.council.length === 3);
        assert.equal([...after.council].sort(), [...before.council].sort());
        assert.equal(after.peers.map(p => p.id).sort(), before.peers.map(p => p.id).sort());
        assert.ok(after.master.term > before.master.term, 'terms persisted: the new term is above the old');
    }
    catch (e_4) {
        env_4.error = e_4;
        env_4.hasError = true;
    }
    finally {
        const result_4 = __disposeResources(env_4);
        if (result_4)
            await result_4;
    }
});
test.run();
//# sourceMappingURL=election.test.js.map