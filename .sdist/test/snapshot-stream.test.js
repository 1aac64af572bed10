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
// Snapshots travel on their own stream: a group whose snapshot is well over the
// 4 MiB Raft message cap still brings a new member up to date, on real peers;
// a state kept in LMDB streams from a read transaction into the new member's
// store, with neither process holding it in memory, and a new member killed
// mid-transfer gets a fresh one after its restart.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TEST_HOOKS, testbed } from '../src/roles/testbed/client.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { memoryMiB } from '../bench/proc-usage.js';
import { waitFor } from './helpers/wait.js';
const VALUES = 1_100;
const VALUE_BYTES = 8 * 1024;
test('a new member catches up from a snapshot of over 8 MiB, streamed', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(2, TEST_HOOKS), true);
        const client = await swarm.connect();
        const call = testbed.bind(null, client, swarm.file);
        const [a, b] = swarm.file.peers.map(p => p.id);
        const group = 'test/big';
        assert.is((await call(a, { op: 'open', group, voters: [a] })).error, '');
        await waitFor('a to lead', async () => (await call(a, { op: 'status', group })).leader === a);
        // More entries than the group keeps before compacting: b can only catch up by snapshot.
        const load = await call(a, { op: 'load', group, count: VALUES, concurrency: 16, size: VALUE_BYTES }, 60_000);
        assert.is(load.error, '');
        assert.is((await call(b, { op: 'open', group })).error, '');
        assert.is((await call(a, { op: 'learner', group, voters: [b] })).error, '');
        const leaderApplied = (await call(a, { op: 'status', group })).index;
        await waitFor('b to catch up', async () => (await call(b, { op: 'status', group })).index >= leaderApplied, { timeoutMs: 30_000 });
        const [onA, onB] = await Promise.all([a, b].map(async (peer) => await call(peer, { op: 'digest', group })));
        assert.is(onA.count, VALUES);
        assert.is(onB.count, onA.count);
        assert.equal([...onB.digest], [...onA.digest], 'b holds the same commands');
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
const DURABLE_VALUES = 4_096;
const DURABLE_VALUE_BYTES = 64 * 1024;
/**
 * The state moved is 256 MiB. Either side holds a few frames and the window;
 * on top of that, V8 frees the transport's spent buffers only at its next
 * major GC, which external memory triggers every ~64 MiB or so. Holding the
 * state would grow a process by all of it.
 */
const MAX_GROWTH_MIB = 128;
test('a 256 MiB state kept in LMDB streams to a new member, also when it is killed mid-transfer, held in memory by neither side', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(2, TEST_HOOKS), true);
        const client = await swarm.connect();
        const call = testbed.bind(null, client, swarm.file);
        const [a, b] = swarm.file.peers.map(p => p.id);
        const group = 'test/durable';
        assert.is((await call(a, { op: 'open', group, voters: [a], durable: true })).error, '');
        await waitFor('a to lead', async () => (await call(a, { op: 'status', group })).leader === a);
        const load = await call(a, { op: 'load', group, count: DURABLE_VALUES, concurrency: 16, size: DURABLE_VALUE_BYTES }, 120_000);
        assert.is(load.error, '');
        const expected = await call(a, { op: 'digest', group });
        assert.is(expected.count, DURABLE_VALUES);
        assert.is((await call(b, { op: 'open', group, durable: true })).error, '');
        const bLog = join(swarm.file.peers[1].home, 'peer.log');
        const receiving = async () => (await readFile(bLog, 'utf8')).split(`receiving a snapshot of ${group}`).length - 1;
        assert.is((await call(a, { op: 'learner', group, voters: [b] })).error, '');
        await waitFor('b to start receiving', async () => await receiving() > 0, { timeoutMs: 20_000, intervalMs: 5 });
        swarm.kill(1);
        await swarm.waitForExit(1);
        assert.ok((await call(a, { op: 'status', group })).index >= DURABLE_VALUES);
        await swarm.upAgain();
        await waitFor('a fresh transfer after the restart', async () => await receiving() > 1, { timeoutMs: 30_000, intervalMs: 5 });
        const pids = swarm.file.peers.map(p => p.pid);
        const baseline = await Promise.all(pids.map(memoryMiB));
        const peak = baseline.map(m => m.anon);
        const sampler = setInterval(() => {
            void Promise.all(pids.map(memoryMiB)).then(now => { now.forEach((m, k) => { peak[k] = Math.max(peak[k], m.anon); }); }, () => { });
        }, 20);
        try {
            await waitFor('b to apply the snapshot', async () => (await call(b, { op: 'status', group })).index >= expected.index, { timeoutMs: 60_000, intervalMs: 50 });
        }
        finally {
            clearInterval(sampler);
        }
        const got = await call(b, { op: 'digest', group });
        assert.is(got.count, expected.count);
        assert.equal([...got.digest], [...expected.digest], 'b holds the same state');
        peak.forEach((p, k) => { assert.ok(p - baseline[k].anon < MAX_GROWTH_MIB, `peer ${k}: anonymous memory grew ${p - baseline[k].anon} MiB moving 256 MiB`); });
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
//# sourceMappingURL=snapshot-stream.test.js.map