// Persisting a consensus group's state on a disk that may be full. A Ready's
// messages (acks, votes) may leave only once its state is on disk, so a write
// the disk refuses (NoSpaceError, see store.ts) does not end the group: the
// same write is retried, waiting longer each time, until it lands. Meanwhile
// the group sends nothing, so it neither acks nor votes, and the peer stays up
// to serve what it can. Any other failure still ends the group: state that
// may not match the disk cannot be trusted.
import { setTimeout as sleep } from 'node:timers/promises';
import { NoSpaceError } from '../lmdb-failures.js';
/** First wait after a refused write; each next one doubles, up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 2_000;
/**
 * Inputs a group keeps queued while its write is refused; past this a new one
 * is dropped (a proposal fails at once). Ticks and messages are not queued at
 * all meanwhile: Raft tolerates lost messages, and a group that cannot persist
 * has no use for its election timer.
 */
export const MAX_WAITING_INPUTS = 1_000;
/** About how many bytes persisting `ready` adds: its entries' and snapshot's data. */
export function readyBytes(ready) {
    return ready.entries.reduce((sum, entry) => sum + entry.data.length, ready.snapshot?.data.length ?? 0);
}
export class DurableWriter {
    options;
    stopping = new AbortController();
    refusedSince;
    constructor(options) {
        this.options = options;
    }
    /** True while a refused write waits for its next try. */
    get blocked() {
        return this.refusedSince !== undefined;
    }
    /**
     * Runs `write` until it lands, then resolves true; false if stopped first.
     * A NoSpaceError is retried after a wait; any other failure is thrown.
     */
    async write(write) {
        let wait = this.options.minDelayMs ?? RETRY_MIN_MS;
        while (!this.stopping.signal.aborted) {
            try {
                await write();
                this.landed();
                return true;
            }
            catch (err) {
                if (!(err instanceof NoSpaceError))
                    throw err;
                this.refused(err);
            }
            try {
                await sleep(wait, undefined, { signal: this.stopping.signal });
            }
            catch {
                return false;
            }
            wait = Math.min(wait * 2, this.options.maxDelayMs ?? RETRY_MAX_MS);
        }
        return false;
    }
    /**
     * Runs a write that can wait for a later chance (compaction) once: a
     * NoSpaceError is logged and resolves false; any other failure is thrown.
     */
    async tryOnce(purpose, write) {
        try {
            await write();
            return true;
        }
        catch (err) {
            if (!(err instanceof NoSpaceError))
                throw err;
            this.options.log.error(`${this.options.what}: ${purpose} skipped`, err);
            return false;
        }
    }
    stop() {
        this.stopping.abort();
    }
    refused(err) {
        if (this.refusedSince !== undefined)
            return;
        this.refusedSince = performance.now();
        this.options.log.error(`${this.options.what} cannot persist; it sends nothing until the disk takes the write`, err);
        this.options.onBlocked?.();
    }
    landed() {
        if (this.refusedSince === undefined)
            return;
        const seconds = (performance.now() - this.refusedSince) / 1000;
        this.refusedSince = undefined;
        this.options.log(`${this.options.what} persists again, after ${seconds.toFixed(1)} s`);
    }
}
//# sourceMappingURL=durable-write.js.map