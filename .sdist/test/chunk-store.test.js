// The chunk store over real LMDB: verified round trips up to 64 MiB, one copy
// per chunk, corruption on disk caught by reads and by scrub, and the hooks
// the chunk server announces and withdraws provider records from.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes, randomFillSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkCid, chunkId } from '../protocols/dfs/chunk-id.js';
import { MAX_CHUNK_SIZE } from '../protocols/dfs/limits.js';
import { logQuiet } from '../src/peer/log.js';
import { FREE_DISK_HEADROOM } from '../src/peer/disk-space.js';
import { Store } from '../src/peer/store.js';
import { ChunkStore, failureCode, openChunksDb } from '../src/roles/chunkserver/chunk-store.js';
logQuiet.enabled = true;
const MiB = 1024 * 1024;
async function withStore(fn, options = {}, storeOptions = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-chunks-'));
    const stored = [];
    const deleted = [];
    const open = (store) => new ChunkStore(store, {
        onStored: cid => { stored.push(cid.toString()); },
        onDeleted: cid => { deleted.push(cid.toString()); },
        ...options
    });
    const store = Store.open(dir, storeOptions);
    const f = {
        dir,
        store,
        chunks: open(store),
        stored,
        deleted,
        reopen: async () => {
            await f.store.close();
            f.store = Store.open(dir, storeOptions);
            f.chunks = open(f.store);
        }
    };
    try {
        await fn(f);
    }
    finally {
        await f.store.close();
        await rm(dir, { recursive: true, force: true });
    }
}
async function chunk(size) {
    const bytes = size > 0 ? randomFillSync(new Uint8Array(size)) : new Uint8Array(0);
    return { bytes, id: await chunkId(bytes), cid: await chunkCid(bytes) };
}
async function rejectsWith(promise, name, pattern) {
    try {
        await promise;
    }
    catch (err) {
        assert.is(err.name, name, err.message);
        if (pattern !== undefined)
            assert.match(err.message, pattern);
        return err;
    }
    assert.unreachable(`expected ${name}`);
    throw new Error('unreachable');
}
/** Writes other bytes under the chunk's key behind the store's back, as a bad disk would. */
async function corruptOnDisk(store, cid, bytes) {
    const raw = openChunksDb(store);
    await raw.put(cid.bytes, bytes);
    await raw.flushed;
}
async function collect(items) {
    const out = [];
    for await (const item of items)
        out.push(item);
    return out;
}
const ids = (cids) => cids.map(String).sort();
const fast = { bytesPerSecond: Infinity };
test('round trips of 0, 1, 8 bytes, 4 MiB and 64 MiB', () => withStore(async ({ store, chunks, stored }) => {
    let bytes = 0;
    for (const size of [0, 1, 8, 4 * MiB, 64 * MiB]) {
        const c = await chunk(size);
        assert.ok(await chunks.put(c.id, c.bytes), `stored ${size}`);
        assert.ok(chunks.has(c.id));
        const back = await chunks.get(c.cid);
        assert.ok(back !== undefined && Buffer.from(back).equals(c.bytes), `same bytes back, ${size}`);
        // Raw in LMDB: the value is the chunk itself, not a msgpack wrapping of it.
        assert.is(openChunksDb(store).getBinary(c.cid.bytes)?.length, size);
        bytes += size;
    }
    assert.equal(chunks.stats(), { count: 5, bytes });
    assert.is(stored.length, 5);
}));
test('an identical chunk is stored once, even when put concurrently', () => withStore(async ({ chunks, stored }) => {
    const c = await chunk(3 * MiB);
    const results = await Promise.all([chunks.put(c.id, c.bytes), chunks.put(c.cid, c.bytes), chunks.put(c.id, Uint8Array.from(c.bytes))]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.not.ok(await chunks.put(c.id, c.bytes), 'again later: already here');
    assert.equal(stored, [c.id]);
    assert.equal(chunks.stats(), { count: 1, bytes: 3 * MiB });
    assert.equal(ids(await collect(chunks.list())), [c.id]);
}));
test('a chunk given as a view into a larger buffer stores only the view', () => withStore(async ({ chunks }) => {
    const backing = randomBytes(10_000);
    const view = backing.subarray(1000, 3000);
    const id = await chunkId(view);
    assert.ok(await chunks.put(id, view));
    assert.ok(Buffer.from((await chunks.get(id))).equals(view));
    assert.equal(chunks.stats(), { count: 1, bytes: 2000 });
}));
test('a put whose bytes do not match the id is refused and stores nothing', () => withStore(async ({ chunks, stored }) => {
    const c = await chunk(1000);
    const other = await chunk(1000);
    const err = await rejectsWith(chunks.put(c.id, other.bytes), 'CorruptChunkError', /do not hash/);
    assert.is(String(err.cid), c.id);
    await rejectsWith(chunks.put(c.id, c.bytes.subarray(1)), 'CorruptChunkError');
    assert.not.ok(chunks.has(c.id));
    assert.is(await chunks.get(c.id), undefined);
    assert.equal(chunks.stats(), { count: 0, bytes: 0 });
    assert.equal(stored, []);
}));
test('a chunk that would leave less than the headroom is refused (NO_SPACE), storing nothing; reads and deletes go on; taken once there is room', async () => {
    let free = 1024 * MiB;
    await withStore(async ({ chunks, stored, deleted }) => {
        const [kept, gone, later] = await Promise.all([chunk(MiB), chunk(MiB), chunk(MiB)]);
        assert.ok(await chunks.put(kept.id, kept.bytes));
        assert.ok(await chunks.put(gone.id, gone.bytes));
        free = FREE_DISK_HEADROOM;
        const err = await rejectsWith(chunks.put(later.id, later.bytes), 'NoSpaceError', /no room/);
        assert.is(failureCode(err), 'NO_SPACE');
        assert.not.ok(chunks.has(later.id));
        assert.equal(chunks.stats(), { count: 2, bytes: 2 * MiB });
        assert.equal(stored, [kept.id, gone.id]);
        assert.ok(Buffer.from((await chunks.get(kept.id))).equals(kept.bytes), 'reads go on');
        free = 2 * MiB;
        assert.ok(await chunks.delete(gone.id), 'a delete may use the headroom');
        assert.equal(deleted, [gone.id]);
        await rejectsWith(chunks.put(later.id, later.bytes), 'NoSpaceError');
        free = FREE_DISK_HEADROOM + 2 * MiB;
        assert.ok(await chunks.put(later.id, later.bytes), 'taken once there is room');
        assert.ok(Buffer.from((await chunks.get(later.id))).equals(later.bytes));
    }, {}, { freeDisk: () => free });
});
test('malformed ids are refused everywhere', () => withStore(async ({ chunks }) => {
    const c = await chunk(10);
    await rejectsWith(chunks.put('bafy-nonsense', c.bytes), 'BadChunkIdError');
    await rejectsWith(chunks.get('Qm123'), 'BadChunkIdError');
    await rejectsWith(chunks.delete(''), 'BadChunkIdError');
    assert.throws(() => chunks.has('nope'), (err) => err.name === 'BadChunkIdError');
}));
test('a chunk over 64 MiB is refused before it is hashed or stored', () => withStore(async ({ chunks }) => {
    const big = new Uint8Array(MAX_CHUNK_SIZE + 1);
    const id = await chunkId(big);
    await rejectsWith(chunks.put(id, big), 'ChunkTooLargeError', /67108865 bytes.*64 MiB/);
    assert.not.ok(chunks.has(id));
}));
test('corruption on disk: get throws, never returns the bytes, and quarantines', () => withStore(async ({ store, chunks, deleted }) => {
    const c = await chunk(2 * MiB);
    const keep = await chunk(100);
    await chunks.put(c.id, c.bytes);
    await chunks.put(keep.id, keep.bytes);
    const bad = Uint8Array.from(c.bytes);
    bad[12345] ^= 0x40;
    await corruptOnDisk(store, c.cid, bad);
    const err = await rejectsWith(chunks.get(c.id), 'CorruptChunkError', /quarantined/);
    assert.is(String(err.cid), c.id);
    assert.not.ok(chunks.has(c.id), 'no longer held');
    assert.is(await chunks.get(c.id), undefined);
    assert.is(await chunks.getRange(c.id, 0, 1), undefined);
    assert.equal(deleted, [c.id], 'withdrawn');
    assert.equal(chunks.stats(), { count: 1, bytes: 100 });
    const marks = await collect(chunks.quarantined());
    assert.equal(marks.map(m => [String(m.cid), m.foundBy]), [[c.id, 'read']]);
    assert.equal(ids(await collect(chunks.scrub(fast))), [c.id], 'scrub reports it until repaired');
    assert.equal(ids(await collect(chunks.list())), [keep.id]);
    // A good copy put back (the repair) clears it.
    assert.ok(await chunks.put(c.id, c.bytes));
    assert.equal(await collect(chunks.scrub(fast)), []);
    assert.equal(await collect(chunks.quarantined()), []);
    assert.ok(Buffer.from((await chunks.get(c.id))).equals(c.bytes));
}));
test('scrub finds every corrupt chunk, quarantines it, and keeps reporting it', () => withStore(async ({ store, chunks, deleted }) => {
    const all = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => await chunk(n * 1000)));
    for (const c of all)
        await chunks.put(c.id, c.bytes);
    await corruptOnDisk(store, all[1].cid, new Uint8Array(2000));
    await corruptOnDisk(store, all[4].cid, all[4].bytes.subarray(0, 10)); // truncated
    const corrupt = [all[1].id, all[4].id].sort();
    assert.equal(ids(await collect(chunks.scrub(fast))), corrupt);
    assert.equal([...deleted].sort(), corrupt);
    assert.equal(chunks.stats(), { count: 4, bytes: (1 + 3 + 4 + 6) * 1000 });
    assert.equal(ids(await collect(chunks.scrub(fast))), corrupt, 'again on the next pass');
    assert.equal((await collect(chunks.quarantined())).map(m => m.foundBy), ['scrub', 'scrub']);
    // A chunk no file needs any more: deleting it drops the mark too.
    assert.not.ok(await chunks.delete(all[1].id), 'nothing was stored to delete');
    assert.equal(ids(await collect(chunks.scrub(fast))), [all[4].id]);
    for (const c of [all[0], all[2], all[3], all[5]])
        assert.ok(Buffer.from((await chunks.get(c.id))).equals(c.bytes));
}));
test('scrub at its default pace, and stopped by its signal', () => withStore(async ({ chunks }) => {
    for (let i = 0; i < 3; i++) {
        const c = await chunk(1000);
        await chunks.put(c.id, c.bytes);
    }
    assert.equal(await collect(chunks.scrub()), []);
    const before = new AbortController();
    before.abort(new Error('stopped before'));
    await rejectsWith(collect(chunks.scrub({ signal: before.signal })), 'Error', /stopped before/);
    // Slow enough to be mid-pass when the signal comes.
    const during = new AbortController();
    setTimeout(() => { during.abort(new Error('stopped during')); }, 20);
    await rejectsWith(collect(chunks.scrub({ signal: during.signal, bytesPerSecond: 1000 })), 'Error', /stopped during/);
    await rejectsWith(collect(chunks.scrub({ bytesPerSecond: 0 })), 'RangeError');
}));
test('delete: once, with its hook, and gone from list and stats', () => withStore(async ({ chunks, deleted }) => {
    const a = await chunk(5000);
    const b = await chunk(7000);
    await chunks.put(a.id, a.bytes);
    await chunks.put(b.id, b.bytes);
    assert.ok(await chunks.delete(a.cid));
    assert.not.ok(await chunks.delete(a.id));
    assert.not.ok(chunks.has(a.id));
    assert.is(await chunks.get(a.id), undefined);
    assert.equal(deleted, [a.id]);
    assert.equal(chunks.stats(), { count: 1, bytes: 7000 });
    assert.equal(ids(await collect(chunks.list())), [b.id]);
    assert.ok(await chunks.put(a.id, a.bytes), 'stored again after delete');
}));
test('list walks past one page and stats add up, also after reopening', () => withStore(async (f) => {
    const all = await Promise.all(Array.from({ length: 600 }, async (_, i) => await chunk(8 + (i % 97))));
    const results = await Promise.all(all.map(async (c) => await f.chunks.put(c.id, c.bytes)));
    assert.ok(results.every(Boolean));
    const bytes = all.reduce((n, c) => n + c.bytes.length, 0);
    const listed = await collect(f.chunks.list());
    assert.is(listed.length, 600);
    assert.equal(ids(listed), all.map(c => c.id).sort());
    const keys = listed.map(cid => Buffer.from(cid.bytes));
    for (let i = 1; i < keys.length; i++)
        assert.ok(Buffer.compare(keys[i - 1], keys[i]) < 0, 'in key order');
    assert.equal(f.chunks.stats(), { count: 600, bytes });
    await f.chunks.delete(all[0].id);
    await f.reopen();
    assert.equal(f.chunks.stats(), { count: 599, bytes: bytes - all[0].bytes.length });
    assert.is((await collect(f.chunks.list())).length, 599);
    assert.ok(Buffer.from((await f.chunks.get(all[1].id))).equals(all[1].bytes));
}));
test('getRange reads part of a verified chunk', () => withStore(async ({ store, chunks }) => {
    const c = await chunk(MiB + 10);
    await chunks.put(c.id, c.bytes);
    const part = (offset, length) => Buffer.from(c.bytes.subarray(offset, offset + length));
    for (const [offset, length] of [[0, 10], [MiB, 10], [5, MiB], [0, MiB + 10], [MiB + 5, 100], [MiB + 10, 5], [7, 0]]) {
        const got = await chunks.getRange(c.id, offset, length);
        assert.ok(got !== undefined && part(offset, length).equals(got), `range ${offset}+${length}`);
    }
    const piece = (await chunks.getRange(c.id, 0, 4));
    assert.is(piece.buffer.byteLength, 4, 'a copy, not a view pinning the chunk');
    await rejectsWith(chunks.getRange(c.id, MiB + 11, 1), 'RangeError', /past the end/);
    await rejectsWith(chunks.getRange(c.id, -1, 1), 'RangeError');
    await rejectsWith(chunks.getRange(c.id, 0, 1.5), 'RangeError');
    assert.is(await chunks.getRange((await chunk(3)).id, 0, 1), undefined);
    await corruptOnDisk(store, c.cid, randomBytes(MiB + 10));
    await rejectsWith(chunks.getRange(c.id, 0, 10), 'CorruptChunkError');
}));
test('a hook that throws does not fail the operation', () => withStore(async ({ chunks }) => {
    const c = await chunk(10);
    assert.ok(await chunks.put(c.id, c.bytes));
    assert.ok(await chunks.delete(c.id));
}, { onStored: () => { throw new Error('announce failed'); }, onDeleted: () => { throw new Error('withdraw failed'); } }));
test.run();
//# sourceMappingURL=chunk-store.test.js.map