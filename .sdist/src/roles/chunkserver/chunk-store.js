// A chunk server's chunks, in the peer's LMDB environment. Sub-database
// `chunks` maps a CID's bytes to the chunk's bytes, both raw; `chunks/index`
// maps the same key to a small record: the chunk's size, or a quarantine mark.
// Every write and every read verifies the hash. A chunk found corrupt (on a
// read or by scrub) is removed and quarantined: no longer served or announced,
// and reported by every scrub until a good copy is put back.
//
// Writes. lmdb-js commits the writes issued in one event turn as one
// transaction on its write thread, so a chunk and its record are written side
// by side and land together. Its `transaction(callback)` is not used: the
// callback form hangs on these machines (it needs threadsafe calls back into
// JS), and running a 64 MiB put on the main thread would block it for the
// whole copy. Operations on one chunk are serialised by a lock in this
// process (the only writer of these sub-databases), so deciding from what is
// committed is safe.
//
// Writes go one at a time, each its own transaction. Measured here (64 puts of
// 4 MiB): one at a time 250-300 MiB/s for 0.6 CPU-seconds; four at once
// 110-125 MiB/s for 2 CPU-seconds. A transaction holding several big values
// makes glibc hand LMDB's dirty-page buffers back to the OS after each commit,
// so every page of the next one faults in again.
//
// A full disk. A chunk is refused (NoSpaceError) unless it leaves
// FREE_DISK_HEADROOM free, kept for consensus and this index; deletes and
// quarantines may use the headroom. Reads never write, so they go on.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { chunkBuffers } from '../../../protocols/dfs/buffer-pool.js';
import { decodeChunkId, toChunkCid, verifyChunk } from '../../../protocols/dfs/chunk-id.js';
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js';
import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js';
import { NoSpaceError } from '../../peer/lmdb-failures.js';
import { logger } from '../../peer/log.js';
export const CHUNKS_DB = 'chunks';
const INDEX_DB = 'chunks/index';
const RAW = { keyEncoding: 'binary', encoding: 'binary' };
// Walks read a page of keys at a time so that no read transaction stays open
// across a whole walk (an open reader keeps LMDB from reusing freed pages).
const WALK_PAGE = 256;
/**
 * Scrub's default pace: under 5% of a core at the measured 1.5 GiB/s of
 * sha256, and a full pass over 1 TiB in about 4.5 hours.
 */
export const DEFAULT_SCRUB_BYTES_PER_SECOND = 64 * 1024 * 1024;
/** The chunk's bytes do not hash to its id: refused on put, quarantined on read. */
export class CorruptChunkError extends Error {
    cid;
    name = 'CorruptChunkError';
    constructor(cid, message) {
        super(message);
        this.cid = cid;
    }
}
/** A chunk above MAX_CHUNK_SIZE. */
export class ChunkTooLargeError extends Error {
    name = 'ChunkTooLargeError';
}
/** The wire code (ChunkFailure.error) for why a chunk was not stored: NO_SPACE tells the writer to place it elsewhere. */
export function failureCode(err) {
    if (err instanceof NoSpaceError)
        return 'NO_SPACE';
    if (err instanceof CorruptChunkError)
        return 'CORRUPT';
    if (err instanceof ChunkTooLargeError)
        return 'TOO_LARGE';
    return '';
}
/** Opens the raw `chunks` sub-database: binary keys and values, never msgpack. */
export function openChunksDb(store) {
    return store.db(CHUNKS_DB, RAW);
}
/** The key after `key` in byte order: a range starting there skips `key` itself. */
function successor(key) {
    const next = new Uint8Array(key.length + 1);
    next.set(key);
    return next;
}
function sizeOf(record) {
    return record !== undefined && 'size' in record ? record.size : undefined;
}
export class ChunkStore {
    store;
    options;
    chunks;
    index;
    log;
    totals = { count: 0, bytes: 0 };
    locks = new Map();
    lastWrite = Promise.resolve();
    /** Opens the store; counts the index once (small records, no chunk is read). */
    constructor(store, options = {}) {
        this.store = store;
        this.options = options;
        this.chunks = openChunksDb(store);
        this.index = store.db(INDEX_DB, { keyEncoding: 'binary' });
        this.log = options.log ?? logger('chunks');
        for (const { value } of this.index.getRange()) {
            const size = sizeOf(value);
            if (size !== undefined)
                this.tally(1, size);
        }
    }
    /**
     * Verifies and stores a chunk, resolving once it is durable: true if stored
     * now, false if it was already here. Throws ChunkTooLargeError,
     * CorruptChunkError (storing nothing) when the bytes do not hash to `ref`,
     * or NoSpaceError (storing nothing) when the disk has no room for it.
     * Do not change `bytes` until the promise settles.
     */
    async put(ref, bytes) {
        const cid = toChunkCid(ref);
        if (bytes.length > MAX_CHUNK_SIZE) {
            throw new ChunkTooLargeError(`chunk ${cid} is ${bytes.length} bytes; a chunk holds at most ${MAX_CHUNK_SIZE} (64 MiB)`);
        }
        if (!await verifyChunk(cid, bytes))
            throw new CorruptChunkError(cid, `refused chunk ${cid}: its ${bytes.length} bytes do not hash to its id`);
        return await this.locked(cid, async () => {
            if (sizeOf(this.index.get(cid.bytes)) !== undefined)
                return false;
            // Issued in one turn, so committed in one transaction.
            await this.durable({ bytes: bytes.length, keep: FREE_DISK_HEADROOM }, () => [this.chunks.put(cid.bytes, bytes), this.index.put(cid.bytes, { size: bytes.length })]);
            this.tally(1, bytes.length);
            this.notify('onStored', cid);
            return true;
        });
    }
    /**
     * The chunk's bytes, verified, in a buffer from `chunkBuffers` (release it
     * there when done); undefined if this server does not hold it. Bytes that
     * do not match their id are never returned: the chunk is quarantined and
     * this throws CorruptChunkError, so the caller tries another replica.
     */
    async get(ref) {
        const cid = toChunkCid(ref);
        const bytes = await this.read(cid);
        if (bytes === undefined)
            return undefined;
        if (!await verifyChunk(cid, bytes)) {
            chunkBuffers.release(bytes);
            await this.quarantine(cid, 'read');
            throw new CorruptChunkError(cid, `chunk ${cid} is corrupt on this server's disk; quarantined`);
        }
        return bytes;
    }
    /**
     * `length` bytes of the chunk from `offset` (fewer at its end), or undefined
     * if this server does not hold it. The whole chunk is still read and
     * verified, since only the whole has a hash: a small read of a 4 MiB chunk
     * costs about 3 ms of hashing. Hashes of blocks kept beside each chunk would
     * make it cheaper, at the price of a second format; not worth it at these
     * sizes.
     */
    async getRange(ref, offset, length) {
        if (!Number.isSafeInteger(offset) || offset < 0)
            throw new RangeError(`offset must be a whole number >= 0, not ${offset}`);
        if (!Number.isSafeInteger(length) || length < 0)
            throw new RangeError(`length must be a whole number >= 0, not ${length}`);
        const bytes = await this.get(ref);
        if (bytes === undefined)
            return undefined;
        try {
            if (offset > bytes.length)
                throw new RangeError(`offset ${offset} is past the end of chunk ${String(ref)} (${bytes.length} bytes)`);
            return Uint8Array.prototype.slice.call(bytes, offset, Math.min(bytes.length, offset + length));
        }
        finally {
            chunkBuffers.release(bytes);
        }
    }
    has(ref) {
        return this.chunks.doesExist(toChunkCid(ref).bytes);
    }
    /** Removes a chunk, and any quarantine mark, once durable; false if it was not stored here. */
    async delete(ref) {
        const cid = toChunkCid(ref);
        return await this.locked(cid, async () => {
            const record = this.index.get(cid.bytes);
            if (record === undefined)
                return false;
            await this.durable({ bytes: 0 }, () => [this.index.remove(cid.bytes), this.chunks.remove(cid.bytes)]);
            const size = sizeOf(record);
            if (size === undefined)
                return false;
            this.tally(-1, size);
            this.notify('onDeleted', cid);
            return true;
        });
    }
    /** Every stored chunk's id, in key order. */
    async *list() {
        for await (const [cid, record] of this.records()) {
            if ('size' in record)
                yield cid;
        }
    }
    stats() {
        return { ...this.totals };
    }
    /** Chunks found corrupt and not yet replaced by a good copy (nor deleted). */
    async *quarantined() {
        for await (const [cid, record] of this.records()) {
            if ('quarantined' in record)
                yield { cid, ...record.quarantined };
        }
    }
    /**
     * Verifies every chunk and yields the id of each corrupt one: first those
     * quarantined before and still missing, then each newly found (quarantined
     * as it is found). Paced by `bytesPerSecond`; throws the signal's reason
     * when aborted.
     */
    async *scrub(options = {}) {
        const { signal } = options;
        const bytesPerSecond = options.bytesPerSecond ?? DEFAULT_SCRUB_BYTES_PER_SECOND;
        if (!(bytesPerSecond > 0))
            throw new RangeError(`bytesPerSecond must be above 0, not ${bytesPerSecond}`);
        signal?.throwIfAborted();
        for await (const { cid } of this.quarantined())
            yield cid;
        const started = performance.now();
        let verified = 0;
        for await (const cid of this.list()) {
            signal?.throwIfAborted();
            const bytes = await this.read(cid);
            if (bytes === undefined)
                continue; // deleted since its page was read
            const good = await verifyChunk(cid, bytes);
            verified += bytes.length;
            chunkBuffers.release(bytes);
            if (!good) {
                await this.quarantine(cid, 'scrub');
                yield cid;
            }
            const wait = started + verified / bytesPerSecond * 1000 - performance.now();
            await (wait > 0 ? sleep(wait, undefined, { signal }) : nextTurn(undefined, { signal })).catch((err) => {
                signal?.throwIfAborted();
                throw err;
            });
        }
    }
    /**
     * A copy of the stored bytes in a buffer from `chunkBuffers`. Page faults of
     * a chunk not in memory are taken off the main thread before the copy;
     * lmdb's fast read copies into a buffer it reuses, warm, unlike a fresh one.
     */
    async read(cid) {
        await this.chunks.prefetch([cid.bytes]);
        const stored = this.chunks.getBinaryFast(cid.bytes);
        if (stored === undefined)
            return undefined;
        const bytes = chunkBuffers.take(stored.length);
        // lmdb's reused buffer is larger than its `length` says: copy that much.
        bytes.set(stored.subarray(0, stored.length));
        return bytes;
    }
    /** Quarantines a corrupt chunk; on a full disk it stays as it is (never served: every read verifies) until scrub finds it again. */
    async quarantine(cid, foundBy) {
        await this.locked(cid, async () => {
            const size = sizeOf(this.index.get(cid.bytes));
            if (size === undefined)
                return; // deleted, or quarantined already, meanwhile
            try {
                await this.durable({ bytes: 0 }, () => [this.index.put(cid.bytes, { quarantined: { at: Date.now(), foundBy } }), this.chunks.remove(cid.bytes)]);
            }
            catch (err) {
                if (!(err instanceof NoSpaceError))
                    throw err;
                this.log.error(`chunk ${cid} failed verification on ${foundBy} and could not be quarantined`, err);
                return;
            }
            this.tally(-1, size);
            this.log(`chunk ${cid} failed verification on ${foundBy}; removed and quarantined`);
            this.notify('onDeleted', cid);
        });
    }
    /** Index entries a page at a time, in key order. */
    async *records() {
        let start;
        while (true) {
            const page = Array.from(this.index.getRange({ start, limit: WALK_PAGE }));
            for (const { key, value } of page)
                yield [decodeChunkId(key), value];
            if (page.length < WALK_PAGE)
                return;
            start = successor(page[page.length - 1].key);
        }
    }
    /** Runs `fn` after every earlier operation on the same chunk has finished. */
    async locked(cid, fn) {
        const id = cid.toString();
        const previous = this.locks.get(id) ?? Promise.resolve();
        const run = previous.then(fn);
        const tail = run.catch(() => { });
        this.locks.set(id, tail);
        void tail.then(() => { if (this.locks.get(id) === tail)
            this.locks.delete(id); });
        return await run;
    }
    /** Issues `writes` together once every earlier write is durable, and waits until they are. */
    async durable(room, writes) {
        const run = this.lastWrite.then(async () => { await this.store.write(writes, room); });
        this.lastWrite = run.catch(() => { });
        await run;
    }
    tally(change, size) {
        this.totals.count += change;
        this.totals.bytes += change * size;
    }
    notify(hook, cid) {
        try {
            this.options[hook]?.(cid);
        }
        catch (err) {
            this.log.error(`${hook} hook failed for chunk ${cid}`, err);
        }
    }
}
//# sourceMappingURL=chunk-store.js.map