import { chunkBuffers } from '../../protocols/dfs/buffer-pool.js';
import { chunkId } from '../../protocols/dfs/chunk-id.js';
import { putChunk, serverAddrs } from '../../protocols/dfs/wire.js';
import { describeError } from '../peer/log.js';
import { SwarmUnavailableError } from './errors.js';
import { HoldRenewal } from './hold-renewal.js';
/** Bytes of chunks in flight at once (at least two chunks, at most sixteen). */
export const TRANSFER_BUDGET_BYTES = 32 * 1024 * 1024;
const MAX_ATTEMPTS_PER_CHUNK = 6;
/** Chunks a failed attempt may still be sending from a connection's queue: their buffers go to the GC, not back to the pool. */
const sentOnFailedStream = new WeakSet();
export function transferWindow(chunkSize) {
    return Math.max(2, Math.min(16, Math.floor(TRANSFER_BUDGET_BYTES / chunkSize)));
}
/**
 * Stores every chunk `replicas` times; resolves with the chunk list in order,
 * each with where it was stored. Each chunk's buffer goes back to
 * `chunkBuffers` once that chunk is done.
 */
export async function uploadChunks(node, master, chunks, options) {
    const holds = new HoldRenewal(master, options.putId);
    try {
        const uploaded = await uploadWindowed(node, master, holds, chunks, options);
        if (holds.lapsed())
            throw new SwarmUnavailableError('the put took longer than the master holds its chunks without renewing them (was this client paused?); some may be collected already: put it again');
        return uploaded;
    }
    finally {
        holds.stop();
    }
}
async function uploadWindowed(node, master, holds, chunks, options) {
    const results = [];
    const inFlight = new Set();
    const window = transferWindow(options.chunkSize);
    let failure;
    let index = 0;
    for await (const bytes of chunks) {
        while (inFlight.size >= window)
            await Promise.race(inFlight);
        if (failure !== undefined) {
            chunkBuffers.release(bytes);
            break;
        }
        const slot = index++;
        const upload = uploadChunk(node, master, holds, bytes, options.replicas).then(chunk => {
            results[slot] = chunk;
            options.onProgress?.(bytes.length);
        }, (error) => { failure ??= { error }; }).finally(() => {
            if (!sentOnFailedStream.has(bytes))
                chunkBuffers.release(bytes);
            inFlight.delete(upload);
        });
        inFlight.add(upload);
    }
    await Promise.all(inFlight);
    if (failure !== undefined)
        throw failure.error;
    return results;
}
async function uploadChunk(node, master, holds, bytes, replicas) {
    const chunk = { cid: await chunkId(bytes), size: bytes.length, replicas: [] };
    const stored = new Set();
    const failed = new Set();
    const problems = [];
    for (let attempt = 0; stored.size < replicas; attempt++) {
        if (attempt === MAX_ATTEMPTS_PER_CHUNK) {
            throw new SwarmUnavailableError(`chunk ${chunk.cid} reached ${stored.size} of ${replicas} replicas: ${problems.join('; ')}`);
        }
        const servers = await place(master, holds, chunk, replicas - stored.size, [...stored, ...failed]);
        if (servers.length === 0) {
            throw new SwarmUnavailableError(`no chunk server can take chunk ${chunk.cid} (${stored.size} of ${replicas} replicas stored)${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`);
        }
        const [first, ...chain] = servers;
        try {
            const result = await putChunk(node, serverAddrs(first), { cid: chunk.cid, size: chunk.size, chain }, bytes);
            for (const id of result.stored)
                stored.add(id);
            for (const { id, message } of result.failed) {
                failed.add(id);
                problems.push(`${id}: ${message}`);
            }
            // A replica the chain never reached is free to try again.
        }
        catch (err) {
            // Frames of the failed attempt may still wait in the connection's queue: the buffer is not reused.
            sentOnFailedStream.add(bytes);
            failed.add(first.id);
            problems.push(`${first.id}: ${describeError(err)}`);
        }
    }
    chunk.replicas = [...stored].map(id => ({ id, addrs: [], state: '' }));
    return chunk;
}
async function place(master, holds, chunk, replicas, exclude) {
    const askedAt = performance.now();
    const response = await master.request({ op: 'place', chunks: [{ cid: chunk.cid, size: chunk.size, replicas: [] }], replicas, exclude, putId: holds.putId });
    holds.place(chunk.cid, chunk.size, response.holdMs, askedAt);
    return response.placements[0]?.servers ?? [];
}
//# sourceMappingURL=dfs-upload.js.map