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
// DFS under faults, on real peer processes started by `shoal up`: a chunk
// server SIGKILLed in the middle of a put and after one, and a chunk
// corrupted on a server's disk. Files go in and come out through the real CLI
// where the user would see them (`dfs stat --json`, `dfs get`); each chunk
// server is also asked directly whether it really holds what the master says.
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DfsClient } from '../src/client/dfs.js';
import { downloadPieces, piecesOf } from '../src/client/dfs-download.js';
import { Swarm } from '../src/client/swarm.js';
import { shoal } from './helpers/cli.js';
import { addrsOf, askServer, collect, settled, sha256, slices } from './helpers/dfs.js';
import { TestSwarm } from './helpers/local-swarm.js';
import { waitFor } from './helpers/wait.js';
const KiB = 1024;
const MiB = 1024 * KiB;
/** The bound: a lost or corrupt replica is replaced within this. */
const REPAIR_DEADLINE_MS = 30_000;
const ASKS_AT_ONCE = 8;
/** `shoal dfs stat --json`, parsed. */
async function statCli(swarm, path) {
    const result = await shoal(['dfs', 'stat', path, '--json'], { home: swarm.home });
    assert.is(result.code, 0, `dfs stat failed: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout);
}
/** `shoal dfs get` into a local file; resolves with the bytes it wrote. */
async function getCli(swarm, path, local) {
    const result = await shoal(['dfs', 'get', path, local], { home: swarm.home });
    assert.is(result.code, 0, `dfs get failed: ${result.stderr}${result.stdout}\n${await swarm.peerLogs()}`);
    return await readFile(local);
}
/** The chunks of `file` as a reader plans to fetch them, every replica taken as alive and tried in the order listed. */
function readPlan(swarm, file) {
    return file.chunks.map(c => ({ cid: c.cid, size: c.size, replicas: c.replicas.map(r => ({ id: r.id, addrs: addrsOf(swarm, r.id), state: 'alive' })) }));
}
/** The live replicas of each chunk, by id: the ones the master names alive. */
function liveReplicas(file) {
    return file.chunks.map(c => c.replicas.filter(r => r.state === 'alive').map(r => r.id).sort());
}
/**
 * Every chunk has 2 live replicas (exactly the servers `expected`, when
 * given), `lost` is never named alive, and each live replica serves the
 * chunk's right bytes when asked directly.
 */
async function assertReplicated(client, swarm, file, data, expected, lost) {
    const asks = [];
    let offset = 0;
    for (const [i, chunk] of file.chunks.entries()) {
        const live = chunk.replicas.filter(r => r.state === 'alive').map(r => r.id).sort();
        assert.is(live.length, 2, `chunk ${i} (${chunk.cid}) has live replicas ${live.join(', ')}`);
        if (expected !== undefined)
            assert.equal(live, [...expected].sort(), `chunk ${i} (${chunk.cid}) is on the expected servers`);
        if (lost !== undefined) {
            assert.ok(chunk.replicas.every(r => r.id !== lost || r.state !== 'alive'), `chunk ${i} names the killed peer as alive`);
        }
        const want = sha256(data.subarray(offset, offset + chunk.size));
        for (const id of live)
            asks.push({ what: `chunk ${i} from ${id}`, id, cid: chunk.cid, want });
        offset += chunk.size;
    }
    assert.is(offset, data.length, 'the chunks cover the file');
    // A few at a time: a server takes at most 16 gets at once per connection.
    for (let at = 0; at < asks.length; at += ASKS_AT_ONCE) {
        const batch = asks.slice(at, at + ASKS_AT_ONCE);
        const answers = await Promise.all(batch.map(async (ask) => await askServer(client, swarm, ask.id, ask.cid)));
        for (const [j, got] of answers.entries())
            assert.is(typeof got === 'string' ? got : sha256(got), batch[j].want, batch[j].what);
    }
}
test('SIGKILL of a chunk server in the middle of a put: the put succeeds, every chunk ends with 2 live replicas, get is byte-identical', async () => {
    const env_1 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_1, await TestSwarm.up(3), true);
        const status = await settled(swarm);
        const client = await Swarm.connect({ home: swarm.home });
        try {
            const masterId = status.master.id;
            const victim = swarm.file.peers.findIndex(p => p.id !== masterId);
            const victimId = swarm.file.peers[victim].id;
            const survivors = swarm.file.peers.map(p => p.id).filter(id => id !== victimId);
            const data = randomBytes(48 * MiB);
            // Killed from the progress callback, once a sixth of the chunks are stored everywhere: mid-put by construction.
            let stored = 0;
            let killedAt;
            const file = await new DfsClient(client).put('/faults/put-kill.bin', slices(data), {
                chunkSize: MiB,
                replicas: 2,
                onProgress: bytes => {
                    stored += bytes;
                    if (killedAt === undefined && stored >= 8 * MiB) {
                        killedAt = stored;
                        swarm.kill(victim);
                    }
                }
            });
            assert.ok(killedAt !== undefined && killedAt < data.length, `the chunk server was killed mid-put (at ${killedAt} of ${data.length} bytes)`);
            assert.is(stored, data.length);
            assert.is(file.size, data.length);
            assert.is(file.chunks.length, 48);
            // Each chunk reached its factor during the put (on the victim too, for some stored before it died).
            for (const [i, chunk] of file.chunks.entries())
                assert.ok(chunk.replicas.length >= 2, `chunk ${i} was stored ${chunk.replicas.length} times by the put`);
            await swarm.waitForExit(victim);
            // Chunks the victim held when it died are copied again once it is declared dead (10 s of silence).
            await waitFor('every chunk on the two survivors', async () => {
                const now = await new DfsClient(client).stat('/faults/put-kill.bin');
                return liveReplicas(now).every(ids => ids.length === 2 && !ids.includes(victimId));
            }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 250 });
            const [after, got] = await Promise.all([statCli(swarm, '/faults/put-kill.bin'), getCli(swarm, '/faults/put-kill.bin', join(swarm.home, 'put-kill.out'))]);
            assert.is(after.size, data.length);
            await assertReplicated(client, swarm, after, data, survivors, victimId);
            assert.is(got.length, data.length);
            assert.is(sha256(got), sha256(data));
        }
        finally {
            await client.close();
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
test('SIGKILL of a chunk server holding replicas: reads work at once, and within 30 s every chunk has 2 replicas on live peers', async () => {
    const env_2 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_2, await TestSwarm.up(3), true);
        const status = await settled(swarm);
        const client = await Swarm.connect({ home: swarm.home });
        try {
            const dfs = new DfsClient(client);
            const data = randomBytes(16 * MiB);
            const before = await dfs.put('/faults/read-kill.bin', slices(data), { chunkSize: MiB, replicas: 2 });
            assert.ok(before.chunks.every(c => c.replicas.length === 2), 'each chunk stored twice');
            // The non-master listed first on the most chunks: a reader asks it first for those.
            const masterId = status.master.id;
            const first = (id) => before.chunks.filter(c => c.replicas[0].id === id).length;
            const victimId = swarm.file.peers.map(p => p.id).filter(id => id !== masterId).sort((a, b) => first(b) - first(a))[0];
            assert.ok(first(victimId) > 0, 'the victim is the first replica of some chunk');
            const victim = swarm.peerIndex(victimId);
            const survivors = swarm.file.peers.map(p => p.id).filter(id => id !== victimId);
            // A reader that looked the chunks up just before the kill: it asks the victim first for some of them.
            const plan = readPlan(swarm, before);
            swarm.kill(victim);
            const killedAt = Date.now();
            await swarm.waitForExit(victim);
            const stale = await collect(downloadPieces(client.node, piecesOf(plan, 0, data.length), MiB));
            assert.is(sha256(stale), sha256(data), 'a read planned before the kill moves on from the dead replica');
            // And a read that asks the master now, while it may still name the victim alive.
            assert.is(sha256(await collect(dfs.read('/faults/read-kill.bin'))), sha256(data), 'a read right after the kill');
            // The CLI reads too, while the repair runs.
            const cliGet = getCli(swarm, '/faults/read-kill.bin', join(swarm.home, 'read-kill.out'));
            cliGet.catch(() => { }); // awaited below
            await waitFor('every chunk on two live peers again', async () => {
                const now = await dfs.stat('/faults/read-kill.bin');
                return liveReplicas(now).every(ids => ids.length === 2 && !ids.includes(victimId));
            }, { timeoutMs: REPAIR_DEADLINE_MS - (Date.now() - killedAt), intervalMs: 250 });
            const [after, got] = await Promise.all([statCli(swarm, '/faults/read-kill.bin'), cliGet]);
            assert.is(sha256(got), sha256(data));
            await assertReplicated(client, swarm, after, data, survivors, victimId);
            // The victim comes back with its old copies on disk: each chunk is trimmed back to exactly 2 copies swarm-wide.
            assert.ok(before.chunks.some(c => c.replicas.some(r => r.id === victimId)), 'the victim held copies before it died');
            await swarm.upAgain();
            await waitFor('exactly 2 copies of every chunk on the 3 servers', async () => {
                for (const chunk of before.chunks) {
                    const answers = await Promise.all(swarm.file.peers.map(async (p) => await askServer(client, swarm, p.id, chunk.cid)));
                    if (answers.filter(a => typeof a !== 'string').length !== 2)
                        return false;
                }
                return true;
            }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 500 });
            const trimmed = await dfs.stat('/faults/read-kill.bin');
            assert.ok(trimmed.chunks.every(c => c.replicas.length === 2 && c.replicas.every(r => r.state === 'alive')), 'stat lists exactly the 2 live copies');
            await assertReplicated(client, swarm, trimmed, data);
            assert.is(sha256(await collect(dfs.read('/faults/read-kill.bin'))), sha256(data));
        }
        finally {
            await client.close();
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
/** Offsets of every occurrence of `needle` in `haystack`. */
function occurrences(haystack, needle) {
    const found = [];
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1))
        found.push(at);
    return found;
}
test('a chunk corrupted on disk: the read is served by the other replica, and within 30 s the replica is repaired', async () => {
    const env_3 = { stack: [], error: void 0, hasError: false };
    try {
        const swarm = __addDisposableResource(env_3, await TestSwarm.up(3), true);
        const status = await settled(swarm);
        const client = await Swarm.connect({ home: swarm.home });
        try {
            const dfs = new DfsClient(client);
            const chunkSize = 256 * KiB;
            const data = randomBytes(3 * chunkSize);
            const before = await dfs.put('/faults/corrupt.bin', slices(data, chunkSize), { chunkSize, replicas: 2 });
            assert.is(before.chunks.length, 3);
            const index = 1;
            const chunk = before.chunks[index];
            assert.is(chunk.replicas.length, 2);
            // Corrupt the first replica listed, the one a reader asks first, so the read has to fall back.
            const victimId = chunk.replicas[0].id;
            const goodId = chunk.replicas[1].id;
            const victim = swarm.file.peers[swarm.peerIndex(victimId)];
            const chunkBytes = data.subarray(index * chunkSize, (index + 1) * chunkSize);
            const needle = chunkBytes.subarray(chunkSize / 2, chunkSize / 2 + 64);
            const dbFile = join(victim.home, 'db', 'data.mdb');
            const hits = occurrences(await readFile(dbFile), needle);
            assert.is(hits.length, 1, `the chunk's bytes found exactly once in ${dbFile}`);
            // Written in place: the running peer's map of the file sees it.
            const handle = await open(dbFile, 'r+');
            try {
                const byte = Buffer.alloc(1);
                await handle.read(byte, 0, 1, hits[0]);
                assert.is(byte[0], needle[0]);
                byte[0] ^= 0xff;
                const { bytesWritten } = await handle.write(byte, 0, 1, hits[0]);
                assert.is(bytesWritten, 1);
                await handle.sync();
            }
            finally {
                await handle.close();
            }
            const check = await readFile(dbFile);
            assert.is(occurrences(check, needle).length, 0, 'the corrupting write hit the chunk');
            // A read that asks the corrupt replica first gets the right bytes from the other one.
            const plan = readPlan(swarm, before);
            assert.is(plan[index].replicas[0].id, victimId);
            assert.is(sha256(await collect(downloadPieces(client.node, piecesOf(plan, 0, data.length), chunkSize))), sha256(data));
            const log = await waitFor('the victim to quarantine the chunk', async () => {
                const text = await readFile(join(victim.home, 'peer.log'), 'utf8');
                return text.includes(`chunk ${chunk.cid} failed verification on read`) ? text : undefined;
            }, { timeoutMs: 5_000 });
            assert.match(log, /removed and quarantined/);
            await waitFor('the corrupt chunk to have 2 good live replicas again', async () => {
                const now = await dfs.stat('/faults/corrupt.bin');
                if (!liveReplicas(now).every(ids => ids.length === 2))
                    return false;
                // The master may still list the bad copy until the victim's report lands: ask each server itself.
                for (const id of liveReplicas(now)[index]) {
                    const bytes = await askServer(client, swarm, id, chunk.cid);
                    if (typeof bytes === 'string' || sha256(bytes) !== sha256(chunkBytes))
                        return false;
                }
                return true;
            }, { timeoutMs: REPAIR_DEADLINE_MS, intervalMs: 250 });
            // The copy came from the master's repair, not from somewhere else.
            const master = swarm.file.peers[swarm.peerIndex(status.master.id)];
            assert.match(await readFile(join(master.home, 'peer.log'), 'utf8'), `re-replicated ${chunk.cid} to `);
            const [after, got] = await Promise.all([statCli(swarm, '/faults/corrupt.bin'), getCli(swarm, '/faults/corrupt.bin', join(swarm.home, 'corrupt.out'))]);
            assert.is(sha256(got), sha256(data));
            const live = liveReplicas(after);
            assert.ok(live[index].includes(goodId), 'the good replica is still listed');
            await assertReplicated(client, swarm, after, data);
        }
        finally {
            await client.close();
        }
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
//# sourceMappingURL=dfs-faults.test.js.map