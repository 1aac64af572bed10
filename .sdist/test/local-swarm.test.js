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
// `shoal up` builds its own local swarm whatever the environment points at.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readSwarmFile } from '../src/client/swarm-file.js';
import { isPeerProcess } from '../src/client/local-swarm.js';
import { shoal, tempHome } from './helpers/cli.js';
test('shoal up ignores $SHOAL_SWARM (set for another swarm)', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const home = __addDisposableResource(env_1, await tempHome(), true);
        const elsewhere = '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN';
        try {
            const up = await shoal(['up', '--peers', '1', '--json'], { home: home.path, env: { SHOAL_SWARM: elsewhere } });
            assert.is(up.code, 0, up.stderr);
            const file = JSON.parse(up.stdout);
            assert.is(file.peers.length, 1);
            const status = await shoal(['swarm', 'status', '--json'], { home: home.path, env: { SHOAL_SWARM: '' } });
            assert.is(status.code, 0, status.stderr);
            assert.is(JSON.parse(status.stdout).master.id, file.peers[0].id);
        }
        finally {
            await shoal(['down'], { home: home.path });
            for (const peer of (await readSwarmFile(home.path))?.peers ?? []) {
                if (await isPeerProcess(peer.pid, peer.home))
                    process.kill(peer.pid, 'SIGKILL');
            }
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
//# sourceMappingURL=local-swarm.test.js.map