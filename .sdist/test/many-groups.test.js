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
// Twenty 3-voter consensus groups across five real peer processes (through the
// testbed hook): every group elects and commits, goes quiet when idle, and
// after a SIGKILL of the peer that leads most of them every group has a live
// leader within 5 s, with no acknowledged entry lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TestSwarm } from './helpers/local-swarm.js';
import { TEST_HOOKS, testbed } from '../src/roles/testbed/client.js';
import { waitFor } from './helpers/wait.js';
const GROUPS = 20;
const VALUES_PER_GROUP = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
test('twenty groups on five peers: elect, commit, go quiet, and survive the SIGKILL of the busiest leader', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(5, TEST_HOOKS), true);
        const client = await swarm.connect();
        const call = testbed.bind(null, client, swarm.file);
        const ids = swarm.file.peers.map(p => p.id);
        const groups = Array.from({ length: GROUPS }, (_, g) => ({
            name: `test/g${g}`, members: [0, 1, 2].map(k => ids[(g + k) % ids.length]), acked: []
        }));
        for (const group of groups) {
            for (const member of group.members) {
                const opened = await call(member, { op: 'open', group: group.name, voters: group.members });
                assert.is(opened.error, '');
            }
        }
        /** The member every live member of `group` names as leader, if they agree. */
        const leaderOf = async (group, live) => {
            const answers = await Promise.all(group.members.filter(m => live.includes(m)).map(async (m) => await call(m, { op: 'status', group: group.name })));
            const leader = answers[0]?.leader;
            return leader !== '' && live.includes(leader) && answers.every(a => a.leader === leader) ? leader : undefined;
        };
        const propose = async (group, live, value) => {
            await waitFor(`${group.name} to commit ${value}`, async () => {
                const leader = await leaderOf(group, live);
                if (leader === undefined)
                    return undefined;
                const answer = await call(leader, { op: 'propose', group: group.name, data: encoder.encode(value) });
                return answer.error === '' ? answer : undefined;
            }, { timeoutMs: 20_000 });
            group.acked.push(value);
        };
        await Promise.all(groups.map(async (group) => {
            for (let v = 0; v < VALUES_PER_GROUP; v++)
                await propose(group, ids, `${group.name}:${v}`);
        }));
        await waitFor('every replica of every group to go quiet', async () => {
            for (const group of groups) {
                for (const member of group.members)
                    if (!(await call(member, { op: 'status', group: group.name })).quiesced)
                        return false;
            }
            return true;
        }, { timeoutMs: 20_000, intervalMs: 200 });
        const leaders = await Promise.all(groups.map(async (group) => await leaderOf(group, ids)));
        const led = new Map();
        for (const leader of leaders)
            if (leader !== undefined)
                led.set(leader, (led.get(leader) ?? 0) + 1);
        const [victim, count] = [...led].sort((a, b) => b[1] - a[1])[0];
        assert.ok(count >= GROUPS / ids.length, `the busiest peer leads ${count} groups`);
        const live = ids.filter(id => id !== victim);
        swarm.kill(swarm.peerIndex(victim));
        await waitFor('every group to have a live leader', async () => {
            for (const group of groups)
                if (await leaderOf(group, live) === undefined)
                    return false;
            return true;
        }, { timeoutMs: 5_000, intervalMs: 50 });
        await Promise.all(groups.map(async (group) => { await propose(group, live, `${group.name}:after`); }));
        for (const group of groups) {
            const leader = await leaderOf(group, live);
            const { values, error } = await call(leader, { op: 'values', group: group.name });
            assert.is(error, '');
            assert.equal(values.map(v => decoder.decode(v)), group.acked, `${group.name}: every acknowledged value, once, in order`);
        }
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
//# sourceMappingURL=many-groups.test.js.map