// Chunk-sized buffers, reused. A fresh buffer of several MiB pays a page fault
// for every 4 KiB on first touch and stays until a major GC frees it: on these
// machines, filling fresh 4 MiB buffers runs at ~360 MiB/s and refilling one at
// ~8.8 GiB/s. Transfers take their chunk buffers here and give them back once
// the bytes are stored or sent.
/** Smaller buffers are cheap to allocate and are never pooled. */
const MIN_POOLED_BYTES = 64 * 1024;
/** A pool nobody has used for this long lets its idle buffers go. */
const IDLE_MS = 10_000;
/** Buffers are pooled by capacity: the power of two at or above the size asked for. */
function capacityFor(size) {
    return 2 ** Math.ceil(Math.log2(size));
}
export class BufferPool {
    maxIdleBytes;
    idleMs;
    idle = new Map();
    lent = new WeakSet();
    idleBytes = 0;
    emptyTimer;
    /** Keeps at most `maxIdleBytes` of returned buffers for reuse, for `idleMs` after its last use. */
    constructor(maxIdleBytes, idleMs = IDLE_MS) {
        this.maxIdleBytes = maxIdleBytes;
        this.idleMs = idleMs;
    }
    /** `size` bytes, not zeroed: they may hold an earlier user's bytes. */
    take(size) {
        if (size < MIN_POOLED_BYTES)
            return Buffer.allocUnsafeSlow(size);
        const capacity = capacityFor(size);
        let backing = this.idle.get(capacity)?.pop();
        if (backing === undefined) {
            backing = new ArrayBuffer(capacity);
        }
        else {
            this.idleBytes -= capacity;
        }
        this.lent.add(backing);
        return Buffer.from(backing, 0, size);
    }
    /**
     * Gives back a buffer from `take`; neither it nor any view of it may be used
     * afterwards. Anything else, or a second release, is ignored.
     */
    release(bytes) {
        const backing = bytes.buffer;
        if (!(backing instanceof ArrayBuffer) || !this.lent.delete(backing))
            return;
        if (this.idleBytes + backing.byteLength > this.maxIdleBytes)
            return;
        const shelf = this.idle.get(backing.byteLength) ?? [];
        shelf.push(backing);
        this.idle.set(backing.byteLength, shelf);
        this.idleBytes += backing.byteLength;
        clearTimeout(this.emptyTimer);
        this.emptyTimer = setTimeout(() => { this.empty(); }, this.idleMs).unref();
    }
    /** Lets every idle buffer go. */
    empty() {
        clearTimeout(this.emptyTimer);
        this.idle.clear();
        this.idleBytes = 0;
    }
    /** Bytes held for reuse. */
    get idleByteCount() {
        return this.idleBytes;
    }
}
/**
 * The process's pool for chunk bytes in flight: a client's upload window (32
 * MiB) or a chunk server's transfers; as much kept idle.
 */
export const chunkBuffers = new BufferPool(32 * 1024 * 1024);
//# sourceMappingURL=buffer-pool.js.map