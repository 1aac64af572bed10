// One LMDB environment per peer under `<home>/db`, with named sub-databases
// (`raft/<group>/log`, `raft/<group>/meta`, `chunks`, `chunks/index`, later
// `kv/*`, `mr/*`). Writes go through `write`, which never lets a full disk
// take the process down (lmdb-failures.ts says how it could).
import { open } from 'lmdb';
import { join } from 'node:path';
import { freeDiskBytes, WRITE_SLACK } from './disk-space.js';
import { asNoSpace, claimBatchCommits, NoSpaceError, syncToDisk } from './lmdb-failures.js';
const MiB = 1024 * 1024;
/** How long a write the disk refused keeps the store marked as failing writes. */
const FAILURE_MEMORY_MS = 10_000;
const pagesOf = (stats) => stats.treeBranchPageCount + stats.treeLeafPageCount + stats.overflowPages;
const inMiB = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
export class Store {
    env;
    freeDisk;
    /** A handle per sub-database, for its page counts. */
    statHandles = new Map();
    refusedAt = -Infinity;
    writing = new Set();
    closing = false;
    constructor(env, freeDisk) {
        this.env = env;
        this.freeDisk = freeDisk;
    }
    static open(home, options = {}) {
        const dir = join(home, 'db');
        const env = open({ path: dir, maxDbs: 256, compression: false });
        claimBatchCommits(env);
        // A disk that cannot even say how much room it has is given no writes.
        const freeDisk = options.freeDisk ?? (() => { try {
            return freeDiskBytes(dir);
        }
        catch {
            return 0;
        } });
        return new Store(env, freeDisk);
    }
    db(name, options = {}) {
        return this.env.openDB({ ...options, name });
    }
    /** Bytes this store can still write: free disk, plus pages LMDB freed and will reuse before it grows its file. */
    room() {
        return this.freeDisk() + this.reusable();
    }
    /** Whether a write of `bytes` fits now and leaves `keep`. */
    fits({ bytes, keep = WRITE_SLACK }) {
        const free = this.freeDisk();
        // LMDB may grow its file by the whole write whatever pages it has freed: the disk itself must hold it.
        if (free < bytes + WRITE_SLACK)
            return false;
        return free >= bytes + keep || free + this.reusable() >= bytes + keep;
    }
    /** True when the disk refused a write (one that `fits` let through) in the last FAILURE_MEMORY_MS. */
    failingWrites() {
        return performance.now() - this.refusedAt < FAILURE_MEMORY_MS;
    }
    /**
     * Issues `writes` (lmdb commits the writes issued in one event turn as one
     * transaction) and resolves once they are committed and (unless `sync` is
     * false) on disk. Throws
     * NoSpaceError when they do not fit (nothing is issued), or when the disk
     * refuses the commit or the sync (nothing of them is durable); any other
     * failure as it is.
     */
    async write(writes, room) {
        if (this.closing)
            throw new Error('the store is closed');
        if (!this.fits(room)) {
            throw new NoSpaceError(`no room on this peer's disk for ${inMiB(room.bytes)} more (${inMiB(this.freeDisk())} free, ${inMiB(this.room())} with pages LMDB will reuse)`);
        }
        const written = this.commitAndSync(writes(), room.sync ?? true);
        this.writing.add(written);
        try {
            await written;
        }
        finally {
            this.writing.delete(written);
        }
    }
    /** Closes the environment once every write under way is done: its sync runs on lmdb's thread pool, which must not outlive the environment. */
    async close() {
        this.closing = true;
        await Promise.allSettled(this.writing);
        // Writes made outside `write` (a state machine's own) start their batch on
        // the next turn: let it start and commit, or it would meet a closed environment.
        await new Promise(resolve => setImmediate(resolve));
        try {
            await this.env.committed;
        }
        catch {
            // A failed batch is its writers' to report.
        }
        await this.env.close();
    }
    /** Bytes of pages inside LMDB's file that it freed and will reuse first: the file's pages less those every sub-database uses. */
    reusable() {
        const env = this.env.getStats();
        let used = pagesOf(env.root) + pagesOf(env.free);
        for (const name of this.env.getKeys())
            used += pagesOf(this.statHandle(String(name)).getStats());
        return Math.max(0, env.lastPageNumber + 1 - used) * env.pageSize;
    }
    async commitAndSync(issued, sync) {
        try {
            await Promise.all(Array.isArray(issued) ? issued : [issued]);
            if (sync)
                await syncToDisk(this.env);
        }
        catch (err) {
            const noSpace = await asNoSpace(err);
            if (noSpace === undefined)
                throw err;
            this.refusedAt = performance.now();
            throw noSpace;
        }
    }
    statHandle(name) {
        let handle = this.statHandles.get(name);
        if (handle === undefined) {
            handle = this.env.openDB({ name });
            this.statHandles.set(name, handle);
        }
        return handle;
    }
}
//# sourceMappingURL=store.js.map