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
// A peer or client holding another swarm key cannot join, and says why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { generateSwarmKey, writeSwarmKey } from '../src/peer/swarm-key.js';
import { SHOAL_BIN, shoal, tempHome } from './helpers/cli.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
test('a peer with the wrong swarm key cannot join, and says so', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(1), true);
        const outsiderHome = __addDisposableResource(env_1, await tempHome(), true);
        await writeSwarmKey(join(outsiderHome.path, 'swarm.key'), generateSwarmKey());
        const outsider = spawn(process.execPath, [SHOAL_BIN, 'peer', 'start', '--home', outsiderHome.path, '--listen', '/ip4/127.0.0.1/tcp/0', '--swarm', swarm.file.peers[0].addrs[0]], {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, SHOAL_EXIT_WITH_PID: String(process.pid) }
        });
        let output = '';
        outsider.stdout.on('data', (d) => { output += d.toString(); });
        outsider.stderr.on('data', (d) => { output += d.toString(); });
        try {
            await waitFor('the outsider to report the refused handshake', () => /cannot join via .*wrong swarm key\?/.test(output), { timeoutMs: 20_000 });
            const id = output.match(/^peer (\S+)/m)?.[1];
            assert.ok(id != null, 'the outsider printed its id');
            const status = await swarm.status();
            assert.not.ok(status.peers.some(p => p.id === id), 'the outsider is not a member');
        }
        finally {
            outsider.kill('SIGKILL');
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
test('a client with the wrong swarm key gets exit code 2 and the reason', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(1), true);
        const clientHome = __addDisposableResource(env_2, await tempHome(), true);
        await writeSwarmKey(join(clientHome.path, 'swarm.key'), generateSwarmKey());
        const result = await shoal(['swarm', 'status', '--home', clientHome.path, '--swarm', swarm.file.peers[0].addrs[0]]);
        assert.is(result.code, 2);
        assert.match(result.stderr, /wrong swarm key\?/);
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
test('with no swarm to find, a client says how to start one (exit 2)', async () => {
    const env_3 = { stack: [], error: void 0, hasError: false };
    try {
        const home = __addDisposableResource(env_3, await tempHome(), true);
        const result = await shoal(['swarm', 'status'], { home: home.path, env: { SHOAL_SWARM: '' } });
        assert.is(result.code, 2);
        assert.match(result.stderr, /shoal up --peers 3/);
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
test.run();
//# sourceMappingURL=wrong-key.test.js.map