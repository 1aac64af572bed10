import { parseChunkId, verifyChunk } from '../../protocols/dfs/chunk-id.js';
import { getChunk, PROVIDER_LOOKUP_MS, serverAddrs } from '../../protocols/dfs/wire.js';
import { describeError } from '../peer/log.js';
import { transferWindow } from './dfs-upload.js';
import { SwarmUnavailableError } from './errors.js';
const LIVENESS_ORDER = { alive: 0, suspect: 1, dead: 2 };
export function piecesOf(chunks, offset, length) {
    const end = offset + length;
    const pieces = [];
    let start = 0;
    for (const chunk of chunks) {
        const stop = start + chunk.size;
        if (stop > offset && start < end && chunk.size > 0) {
            pieces.push({ chunk, from: Math.max(0, offset - start), to: Math.min(chunk.size, end - start) });
        }
        if (stop >= end)
            break;
        start = stop;
    }
    return pieces;
}
/**
 * Yields the bytes of `pieces` in order, fetching several at once. The window
 * starts at one piece and doubles as pieces arrive (TCP's slow start, for the
 * same reason): pieces fetched together share the wire, so a full window from
 * the start would delay the first byte until the whole window had arrived.
 */
export async function* downloadPieces(node, pieces, chunkSize) {
    const window = transferWindow(chunkSize);
    const fetching = [];
    let limit = 1;
    let next = 0;
    const refill = () => {
        while (next < pieces.length && fetching.length < limit) {
            const fetch = fetchPiece(node, pieces[next++]);
            fetch.catch(() => { }); // awaited in order below
            fetching.push(fetch);
        }
    };
    refill();
    while (fetching.length > 0) {
        const bytes = await fetching.shift();
        limit = Math.min(window, limit * 2);
        refill();
        yield* bytes;
    }
}
/** A piece's bytes, in the pieces they arrived in over the wire. */
async function fetchPiece(node, piece) {
    const { chunk, from, to } = piece;
    const whole = from === 0 && to === chunk.size;
    const problems = [];
    const attempt = async (target, name) => {
        try {
            const bytes = await getChunk(node, target, { cid: chunk.cid, offset: from, length: to - from, whole });
            // A whole chunk is checked here; a part of one was checked whole by the server that read it.
            if (whole && !await verifyChunk(chunk.cid, bytes))
                throw new Error('bytes do not match the chunk id');
            const served = bytes.reduce((sum, piece) => sum + piece.length, 0);
            if (served !== to - from)
                throw new Error(`${served} bytes served, ${to - from} asked`);
            return bytes;
        }
        catch (err) {
            problems.push(`${name}: ${describeError(err)}`);
            return undefined;
        }
    };
    const replicas = [...chunk.replicas].sort((a, b) => (LIVENESS_ORDER[a.state] ?? 3) - (LIVENESS_ORDER[b.state] ?? 3));
    for (const replica of replicas) {
        const bytes = await attempt(serverAddrs(replica), replica.id);
        if (bytes !== undefined)
            return bytes;
    }
    for (const provider of await findProviders(node, chunk.cid, replicas)) {
        const bytes = await attempt(provider, provider.toString());
        if (bytes !== undefined)
            return bytes;
    }
    throw new SwarmUnavailableError(`chunk ${chunk.cid} could not be read from any replica${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`);
}
/** Providers the DHT knows for a chunk, other than the replicas already tried. */
async function findProviders(node, cid, tried) {
    const skip = new Set(tried.map(s => s.id));
    const found = [];
    try {
        for await (const provider of node.contentRouting.findProviders(parseChunkId(cid), { signal: AbortSignal.timeout(PROVIDER_LOOKUP_MS) })) {
            if (skip.has(provider.id.toString()))
                continue;
            skip.add(provider.id.toString());
            if (provider.multiaddrs.length > 0)
                await node.peerStore.merge(provider.id, { multiaddrs: provider.multiaddrs });
            found.push(provider.id);
        }
    }
    catch {
        // A lookup that times out has still found what it found.
    }
    return found;
}
//# sourceMappingURL=dfs-download.js.map