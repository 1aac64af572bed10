// The store on a full disk, over real LMDB: what lmdb-js does when a commit
// meets a disk that fills up (on a small tmpfs), what the room check keeps
// from ever reaching it, the pages LMDB frees counting as room, and closing
// with writes under way.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WRITE_SLACK } from '../src/peer/disk-space.js';
import { NoSpaceError } from '../src/peer/lmdb-failures.js';
import { logQuiet } from '../src/peer/log.js';
import { Store } from '../src/peer/store.js';
import { fill, mountTmpfs } from './helpers/disk.js';
import { rejects } from './helpers/rejects.js';
logQuiet.enabled = true;
const MiB = 1024 * 1024;
const RAW = { keyEncoding: 'binary', encoding: 'binary' };
const unhandled = [];
process.on('unhandledRejection', err => { unhandled.push(err); });
const same = (got, want) => got !== undefined && Buffer.from(got).equals(want);
/** Node reports a rejection nobody handled once the turn it happened in is over. */
const turnOver = async () => { await new Promise(resolve => setImmediate(resolve)); };
async function withTmpfsStore(name, bytes, options, fn) {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-full-'));
    const tmpfs = await mountTmpfs(dir, bytes);
    try {
        if (typeof tmpfs === 'string') {
            console.log(`skipped "${name}": ${tmpfs}`);
            return;
        }
        const store = Store.open(dir, options);
        try {
            await fn(dir, store);
        }
        finally {
            await store.close();
            await tmpfs.unmount();
        }
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}
test('a commit the disk refuses: NoSpaceError with lmdb\'s cause, no unhandled rejection, reads go on, writes work once space returns', async () => {
    // The room check is told there is room, so the writes reach LMDB on a disk that cannot hold them.
    await withTmpfsStore('lmdb commits on a full tmpfs', 32 * MiB, { freeDisk: () => Number.MAX_SAFE_INTEGER }, async (dir, store) => {
        const db = store.db('values', RAW);
        const early = randomBytes(MiB);
        await store.write(() => db.put(Buffer.from('early'), early), { bytes: early.length });
        // Some room, less than each write: LMDB's write comes up short (a full
        // disk; one with not a block left is what the room check keeps it from).
        const filler = await fill(dir, MiB);
        const small = randomBytes(2 * MiB);
        const big = randomBytes(8 * MiB);
        // lmdb leaves a batch's commit promise unowned in different places for a
        // small batch (at the end of the turn), a transaction, and a big one (at once).
        const batches = {
            'one small put': () => db.put(Buffer.from('small'), small),
            'a transaction': () => db.transaction(() => { db.put(Buffer.from('small'), small); }),
            'one big put': () => db.put(Buffer.from('big'), big),
            'a big put and its index': () => [db.put(Buffer.from('big'), big), db.put(Buffer.from('big-index'), Buffer.from('8'))]
        };
        for (const [what, writes] of Object.entries(batches)) {
            unhandled.length = 0;
            let refused;
            await store.write(writes, { bytes: 8 * MiB }).catch((err) => { refused = err; });
            await turnOver();
            assert.ok(refused instanceof NoSpaceError, `${what}: refused with ${String(refused)}`);
            assert.is(refused.cause.code, 5, `${what}: lmdb's cause is EIO (a short write)`);
            assert.match(refused.message, /EIO/);
            assert.equal(unhandled, [], `${what}: no unhandled rejection`);
        }
        assert.ok(store.failingWrites(), 'the store says its disk refuses writes');
        for (const key of ['small', 'big', 'big-index'])
            assert.is(db.get(Buffer.from(key)), undefined, `nothing of a refused batch is stored (${key})`);
        assert.ok(same(db.get(Buffer.from('early')), early), 'reads go on');
        await unlink(filler);
        await store.write(batches['a big put and its index'], { bytes: big.length });
        assert.ok(same(db.get(Buffer.from('big')), big), 'the environment writes again once space returns');
        await turnOver();
        assert.equal(unhandled, []);
    });
});
test('the room check refuses a write that could meet a full disk before LMDB sees it, and lets it through once there is room', async () => {
    await withTmpfsStore('room check on a full tmpfs', 16 * MiB, {}, async (dir, store) => {
        const db = store.db('values', RAW);
        await store.write(() => db.put(Buffer.from('a'), Buffer.from('1')), { bytes: 1 });
        const filler = await fill(dir);
        const txnBefore = store.env.getStats().lastTxnId;
        await rejects(store.write(() => db.put(Buffer.from('b'), Buffer.from('2')), { bytes: 1 }), err => err instanceof NoSpaceError && /no room/.test(err.message));
        assert.is(store.env.getStats().lastTxnId, txnBefore, 'no transaction reached LMDB');
        assert.not.ok(store.failingWrites(), 'a write the store refused itself is not a disk failure');
        assert.is(db.get(Buffer.from('b')), undefined);
        assert.ok(store.room() < WRITE_SLACK, `room ${store.room()} on a full disk`);
        await unlink(filler);
        await store.write(() => db.put(Buffer.from('b'), Buffer.from('2')), { bytes: 1 });
        assert.ok(same(db.get(Buffer.from('b')), Buffer.from('2')));
    });
});
test('pages LMDB freed count as room, but a write still needs its own bytes on the disk itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-room-'));
    let free = 32 * MiB;
    const store = Store.open(dir, { freeDisk: () => free });
    try {
        const db = store.db('values', RAW);
        for (let i = 0; i < 16; i++)
            await store.write(() => db.put(Buffer.from(`k${i}`), randomBytes(MiB)), { bytes: MiB });
        const before = store.room();
        assert.ok(before < free + MiB, `room ${before} is about the free disk`);
        const fits = { bytes: 4 * MiB, keep: free + 4 * MiB };
        assert.not.ok(store.fits(fits));
        for (let i = 0; i < 8; i++)
            await store.write(() => db.remove(Buffer.from(`k${i}`)), { bytes: 0 });
        const after = store.room();
        assert.ok(after - before >= 7.5 * MiB && after - before <= 8.5 * MiB, `deleting 8 MiB made ${(after - before) / MiB} MiB of room`);
        assert.ok(store.fits(fits), 'the freed pages count towards what a write must leave');
        free = 4 * MiB;
        assert.not.ok(store.fits({ bytes: 4 * MiB, keep: 0 }), 'the disk itself must hold the write');
    }
    finally {
        await store.close();
        await rm(dir, { recursive: true, force: true });
    }
});
test('close waits for the writes under way (their sync must not outlive the environment), and refuses later ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-close-'));
    try {
        for (let i = 0; i < 20; i++) {
            const store = Store.open(dir);
            const db = store.db('values', RAW);
            const value = randomBytes(64 * 1024);
            const written = store.write(() => db.put(Buffer.from(`k${i}`), value), { bytes: value.length });
            await store.close();
            await written;
            await rejects(store.write(() => db.put(Buffer.from('late'), value), { bytes: value.length }), /closed/);
        }
        const store = Store.open(dir);
        try {
            const db = store.db('values', RAW);
            for (let i = 0; i < 20; i++)
                assert.ok(db.get(Buffer.from(`k${i}`)) !== undefined, `write ${i} landed`);
        }
        finally {
            await store.close();
        }
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
});
test.run();
//# sourceMappingURL=store-full.test.js.map