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
// Bulk transfers must not move the coordinators (issue 9, finding 6). On a
// local swarm of 3 real peer processes, through the real CLI: three rounds of
// three concurrent 256 MiB puts, then three concurrent gets of them. Every
// byte comes back, and neither the master nor the shardmaster changes: nobody
// is killed, so a new term would be an election the load caused.
import { createHash, randomFill } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shoal } from './helpers/cli.js';
import { TestSwarm } from './helpers/local-swarm.js';
const MiB = 1024 * 1024;
const FILE_BYTES = 256 * MiB;
const FILES = 3;
const ROUNDS = 3;
const BLOCK_BYTES = 16 * MiB;
/** A 256 MiB transfer with two others at once on a busy 2-core machine takes 10-40 s. */
const TRANSFER_TIMEOUT_MS = 180_000;
const fillRandom = promisify(randomFill);
/** Writes `bytes` random bytes to `path`; resolves with their sha256. */
async function randomFile(path, bytes) {
    const hash = createHash('sha256');
    const file = await open(path, 'w');
    try {
        const block = Buffer.alloc(BLOCK_BYTES);
        for (let written = 0; written < bytes; written += BLOCK_BYTES) {
            const piece = block.subarray(0, Math.min(BLOCK_BYTES, bytes - written));
            await fillRandom(piece);
            hash.update(piece);
            await file.write(piece);
        }
    }
    finally {
        await file.close();
    }
    return hash.digest('hex');
}
async function sha256File(path) {
    const hash = createHash('sha256');
    for await (const piece of createReadStream(path))
        hash.update(piece);
    return hash.digest('hex');
}
/** The master and the shardmaster with their terms, as `shoal swarm status --json` reports them. */
async function leaders(swarm) {
    const result = await shoal(['swarm', 'status', '--json'], { home: swarm.home });
    assert.is(result.code, 0, `swarm status failed: ${result.stderr}`);
    const { master, shardmaster } = JSON.parse(result.stdout);
    return { master, shardmaster };
}
async function cli(swarm, args) {
    const result = await shoal(args, { home: swarm.home, timeoutMs: TRANSFER_TIMEOUT_MS });
    assert.is(result.code, 0, `shoal ${args.join(' ')} failed (${result.code}): ${result.stderr}\n${await swarm.peerLogs()}`);
}
test('three rounds of three concurrent 256 MiB puts and gets: every byte back, master and shardmaster unmoved', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(3), true);
        await swarm.waitForLeaders('a council of 3', s => s.council.length === 3);
        const sources = Array.from({ length: FILES }, (_, i) => join(swarm.home, `source-${i}.bin`));
        const hashes = await Promise.all(sources.map(async (source) => await randomFile(source, FILE_BYTES)));
        const before = await leaders(swarm);
        assert.ok(before.master != null && before.shardmaster != null, 'a master and a shardmaster to start with');
        for (let round = 1; round <= ROUNDS; round++) {
            await Promise.all(sources.map(async (source, i) => { await cli(swarm, ['dfs', 'put', source, `/load/${round}/file-${i}`]); }));
            const copies = sources.map((_, i) => join(swarm.home, `copy-${i}.bin`));
            await Promise.all(copies.map(async (copy, i) => { await cli(swarm, ['dfs', 'get', `/load/${round}/file-${i}`, copy]); }));
            for (const [i, copy] of copies.entries())
                assert.is(await sha256File(copy), hashes[i], `round ${round}: file ${i} comes back byte for byte`);
            const now = await leaders(swarm);
            const moved = JSON.stringify(now) !== JSON.stringify(before);
            assert.equal(now, before, `round ${round}: the master and the shardmaster keep their leaders and terms${moved ? `\n${await swarm.peerLogs(60)}` : ''}`);
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
//# sourceMappingURL=stable-under-load.test.js.map