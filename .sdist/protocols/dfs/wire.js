import { multiaddr } from '@multiformats/multiaddr';
import { lpStream } from '@libp2p/utils';
import { ChunkGetHeader, ChunkGetRequest, ChunkPutHeader, ChunkPutResult } from './dfs.js';
import { chunkBuffers } from './buffer-pool.js';
import { MAX_CHUNK_SIZE } from './limits.js';
import { openBulkStream } from '../../src/peer/lanes.js';
import { CodedError } from '../../src/peer/errors.js';
import { decodeOrThrow, ProtocolViolation, reset } from '../../src/peer/rpc.js';
export const CHUNK_PUT_PROTOCOL = '/shoal/dfs/chunk/put/1.0.0';
export const CHUNK_GET_PROTOCOL = '/shoal/dfs/chunk/get/1.0.0';
export const FRAME_BYTES = 1024 * 1024;
/** Headers, requests and results: small messages. */
export const MAX_CHUNK_MESSAGE = 256 * 1024;
// A reader's buffer may hold a whole chunk the writer pushed before the reader ran.
const MAX_STREAM_BUFFER = MAX_CHUNK_SIZE + 2 * FRAME_BYTES;
const CHUNK_TIMEOUT_MS = 60_000;
export function chunkStream(stream) {
    return lpStream(stream, { maxDataLength: FRAME_BYTES, maxBufferSize: MAX_STREAM_BUFFER });
}
export async function readMessage(lp, codec, what, signal) {
    const bytes = await lp.read({ signal });
    if (bytes.byteLength > MAX_CHUNK_MESSAGE)
        throw new ProtocolViolation(`${what} of ${bytes.byteLength} bytes is over the cap`);
    return decodeOrThrow(codec, bytes, what);
}
/** Writes `bytes` as frames; each write waits while the stream is backed up. */
export async function writeChunkBytes(lp, bytes, signal) {
    for (let offset = 0; offset < bytes.length; offset += FRAME_BYTES) {
        await lp.write(bytes.subarray(offset, offset + FRAME_BYTES), { signal });
    }
}
/** Exactly `size` bytes of frames, as they arrive; more than announced is a protocol violation. */
async function* chunkFrames(lp, size, signal) {
    let received = 0;
    while (received < size) {
        const frame = await lp.read({ signal });
        if (frame.byteLength === 0 || received + frame.byteLength > size)
            throw new ProtocolViolation(`chunk frames overrun the announced ${size} bytes`);
        received += frame.byteLength;
        yield frame;
    }
}
/**
 * Reads exactly `size` bytes of frames into one buffer, handing each frame to
 * `onFrame` as it arrives (a chain replica forwards it before the rest comes).
 * The buffer comes from `chunkBuffers`: release it there once done, if it is
 * not kept.
 */
export async function readChunkBytes(lp, size, signal, onFrame) {
    // Every byte is written before the buffer is used: no need to zero it.
    const bytes = chunkBuffers.take(size);
    let offset = 0;
    try {
        for await (const frame of chunkFrames(lp, size, signal)) {
            for (const piece of frame) {
                bytes.set(piece, offset);
                offset += piece.length;
            }
            await onFrame?.(frame);
        }
    }
    catch (err) {
        chunkBuffers.release(bytes);
        throw err;
    }
    return bytes;
}
/**
 * Reads exactly `size` bytes of frames, keeping the pieces they arrived in
 * (no copy: nothing else holds them).
 */
export async function readChunkPieces(lp, size, signal) {
    const pieces = [];
    for await (const frame of chunkFrames(lp, size, signal))
        pieces.push(...frame);
    return pieces;
}
/** Pieces joined into one buffer from `chunkBuffers`. */
export function joinPieces(pieces) {
    const bytes = chunkBuffers.take(pieces.reduce((sum, piece) => sum + piece.length, 0));
    let offset = 0;
    for (const piece of pieces) {
        bytes.set(piece, offset);
        offset += piece.length;
    }
    return bytes;
}
/**
 * Waits until the remote closes its end of `stream` cleanly (true) or the
 * stream ends otherwise or `signal` fires (false).
 */
export async function remoteClosed(stream, signal) {
    const closedCleanly = () => stream.remoteWriteStatus === 'closed' && stream.status !== 'aborted' && stream.status !== 'reset';
    if (stream.remoteWriteStatus === 'closed' || stream.status !== 'open' || signal.aborted)
        return closedCleanly();
    await new Promise(resolve => {
        const done = () => {
            stream.removeEventListener('remoteCloseWrite', done);
            stream.removeEventListener('close', done);
            signal.removeEventListener('abort', done);
            resolve();
        };
        stream.addEventListener('remoteCloseWrite', done);
        stream.addEventListener('close', done);
        signal.addEventListener('abort', done);
    });
    return closedCleanly();
}
/** Where to dial a server: its addresses, each ending in its id. */
export function serverAddrs(server) {
    return server.addrs.map(addr => addr.includes('/p2p/') ? multiaddr(addr) : multiaddr(`${addr}/p2p/${server.id}`));
}
function timeout(signal) {
    const limit = AbortSignal.timeout(CHUNK_TIMEOUT_MS);
    return signal == null ? limit : AbortSignal.any([signal, limit]);
}
/** Puts a chunk to `target`, which stores it and forwards it down `chain`; resolves with who stored it. */
export async function putChunk(node, target, header, bytes, options = {}) {
    const signal = timeout(options.signal);
    const stream = await openBulkStream(node, target, CHUNK_PUT_PROTOCOL, signal);
    const lp = chunkStream(stream);
    try {
        await lp.write(ChunkPutHeader.encode(header), { signal });
        await writeChunkBytes(lp, bytes, signal);
        const result = await readMessage(lp, ChunkPutResult, 'chunk put result', signal);
        await stream.close({ signal });
        return result;
    }
    catch (err) {
        reset(stream, err);
        throw err;
    }
}
/**
 * Fetches a chunk, or `length` bytes of it from `offset`, from `target`, as
 * the pieces it arrived in. The caller verifies whole chunks.
 */
export async function getChunk(node, target, request, options = {}) {
    const signal = timeout(options.signal);
    const stream = await openBulkStream(node, target, CHUNK_GET_PROTOCOL, signal);
    const lp = chunkStream(stream);
    try {
        await lp.write(ChunkGetRequest.encode(request), { signal });
        const header = await readMessage(lp, ChunkGetHeader, 'chunk get header', signal);
        // A chunk server refused or failed a get: NOT_FOUND, CORRUPT, BAD_REQUEST.
        if (header.error !== '')
            throw new CodedError(header.error, header.message);
        if (header.size > MAX_CHUNK_SIZE)
            throw new ProtocolViolation(`chunk of ${header.size} bytes announced`);
        const pieces = await readChunkPieces(lp, header.size, signal);
        await stream.close({ signal });
        return pieces;
    }
    catch (err) {
        reset(stream, err);
        throw err;
    }
}
export const DFS_MASTER_PROTOCOL = '/shoal/dfs/master/1.0.0';
/** A master's command (replicate, delete) may move a whole chunk between servers. */
export const CHUNK_COMMAND_TIMEOUT_MS = 60_000;
/** How long a lookup of a chunk's providers in the DHT may take; on a swarm's own network an answer comes in milliseconds. */
export const PROVIDER_LOOKUP_MS = 5_000;
export const CHUNK_COMMAND_PROTOCOL = '/shoal/dfs/command/1.0.0';
export const CHUNK_REPORT_PROTOCOL = '/shoal/dfs/report/1.0.0';
//# sourceMappingURL=wire.js.map