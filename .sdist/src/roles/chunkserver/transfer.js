import { ChunkGetHeader, ChunkGetRequest, ChunkPutHeader, ChunkPutResult } from '../../../protocols/dfs/dfs.js';
import { chunkBuffers } from '../../../protocols/dfs/buffer-pool.js';
import { parseChunkId } from '../../../protocols/dfs/chunk-id.js';
import { MAX_CHUNK_SIZE } from '../../../protocols/dfs/limits.js';
import { CHUNK_GET_PROTOCOL, CHUNK_PUT_PROTOCOL, chunkStream, readChunkBytes, readMessage, remoteClosed, serverAddrs, writeChunkBytes } from '../../../protocols/dfs/wire.js';
import { openBulkStream } from '../../peer/lanes.js';
import { describeError } from '../../peer/log.js';
import { ProtocolViolation, reset } from '../../peer/rpc.js';
import { CorruptChunkError, failureCode } from './chunk-store.js';
/** Longer chains are refused: replication factors are small. */
const MAX_CHAIN = 16;
const TRANSFER_TIMEOUT_MS = 120_000;
/** Puts and gets at once on one connection; each holds at most one chunk in memory. */
const MAX_STREAMS_PER_CONNECTION = 16;
/** The next replica of a chain, fed frame by frame; its failure is recorded, never thrown. */
class Downstream {
    server;
    lp;
    stream;
    failure;
    constructor(server) {
        this.server = server;
    }
    async open(context, header, signal) {
        await this.attempt(async () => {
            this.stream = await openBulkStream(context.node, serverAddrs(this.server), CHUNK_PUT_PROTOCOL, signal);
            this.lp = chunkStream(this.stream);
            await this.lp.write(ChunkPutHeader.encode(header), { signal });
        });
    }
    async forward(frame, signal) {
        await this.attempt(async () => { await this.lp?.write(frame, { signal }); });
    }
    async finish(signal) {
        let result = { stored: [], failed: [] };
        await this.attempt(async () => {
            if (this.lp == null)
                return;
            result = await readMessage(this.lp, ChunkPutResult, 'chunk put result', signal);
            await this.stream?.close({ signal });
        });
        if (this.failure !== undefined)
            return { stored: [], failed: [{ id: this.server.id, message: this.failure, error: '' }] };
        return result;
    }
    async attempt(step) {
        if (this.failure !== undefined)
            return;
        try {
            await step();
        }
        catch (err) {
            this.failure = describeError(err);
            if (this.stream != null)
                reset(this.stream, err);
        }
    }
}
export async function servePut(context) {
    const { node, store, log } = context;
    const self = node.peerId.toString();
    await node.handle(CHUNK_PUT_PROTOCOL, async (stream, connection) => {
        context.onActivity?.();
        const signal = AbortSignal.timeout(TRANSFER_TIMEOUT_MS);
        const lp = chunkStream(stream);
        try {
            const header = await readMessage(lp, ChunkPutHeader, 'chunk put header', signal);
            const cid = parseChunkId(header.cid);
            if (header.size > MAX_CHUNK_SIZE)
                throw new ProtocolViolation(`chunk of ${header.size} bytes; the limit is ${MAX_CHUNK_SIZE}`);
            if (header.chain.length > MAX_CHAIN || header.chain.some(s => s.id === self))
                throw new ProtocolViolation('bad replica chain');
            const [next, ...rest] = header.chain;
            const downstream = next === undefined ? undefined : new Downstream(next);
            await downstream?.open(context, { cid: header.cid, size: header.size, chain: rest }, signal);
            const bytes = await readChunkBytes(lp, header.size, signal, async (frame) => { await downstream?.forward(frame, signal); });
            const failed = [];
            const stored = [];
            try {
                await store.put(cid, bytes);
                stored.push(self);
            }
            catch (err) {
                failed.push({ id: self, message: describeError(err), error: failureCode(err) });
            }
            finally {
                chunkBuffers.release(bytes);
            }
            const below = await downstream?.finish(signal) ?? { stored: [], failed: [] };
            await lp.write(ChunkPutResult.encode({ stored: [...stored, ...below.stored], failed: [...failed, ...below.failed] }), { signal });
            await stream.close({ signal });
        }
        catch (err) {
            log.error(`chunk put from ${connection.remotePeer.toString()}: stream reset`, err);
            reset(stream, err);
        }
        finally {
            context.onActivity?.();
        }
    }, { maxInboundStreams: MAX_STREAMS_PER_CONNECTION, runOnLimitedConnection: false });
}
export async function serveGet(context) {
    const { node, store, log } = context;
    await node.handle(CHUNK_GET_PROTOCOL, async (stream, connection) => {
        context.onActivity?.();
        const signal = AbortSignal.timeout(TRANSFER_TIMEOUT_MS);
        const lp = chunkStream(stream);
        try {
            const request = await readMessage(lp, ChunkGetRequest, 'chunk get request', signal);
            const header = { error: '', message: '', size: 0 };
            let bytes;
            try {
                const cid = parseChunkId(request.cid);
                bytes = request.whole ? await store.get(cid) : await store.getRange(cid, request.offset, request.length);
                if (bytes === undefined)
                    Object.assign(header, { error: 'NOT_FOUND', message: `chunk ${request.cid} is not on this server` });
            }
            catch (err) {
                const code = err instanceof CorruptChunkError ? 'CORRUPT' : 'BAD_REQUEST';
                Object.assign(header, { error: code, message: describeError(err) });
            }
            header.size = bytes?.length ?? 0;
            await lp.write(ChunkGetHeader.encode(header), { signal });
            if (bytes !== undefined)
                await writeChunkBytes(lp, bytes, signal);
            await stream.close({ signal });
            // Sent bytes may wait, unencrypted, in the connection's queue: the buffer
            // is free for reuse only once the reader has them all and closes. (A
            // reader that closed before all was sent proves nothing.)
            const closedEarly = stream.remoteWriteStatus === 'closed';
            if (bytes !== undefined && !closedEarly && await remoteClosed(stream, signal))
                chunkBuffers.release(bytes);
        }
        catch (err) {
            log.error(`chunk get from ${connection.remotePeer.toString()}: stream reset`, err);
            reset(stream, err);
        }
        finally {
            context.onActivity?.();
        }
    }, { maxInboundStreams: MAX_STREAMS_PER_CONNECTION, runOnLimitedConnection: false });
}
//# sourceMappingURL=transfer.js.map