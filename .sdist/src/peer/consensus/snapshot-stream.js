import { peerIdFromString } from '@libp2p/peer-id';
import { lpStream } from '@libp2p/utils';
import * as varint from 'uint8-varint';
import { RaftSnapshotHeader } from '../../../protocols/raft.js';
import { describeError } from '../log.js';
import { openBulkStream } from '../lanes.js';
import { decodeOrThrow, ProtocolViolation, reset } from '../rpc.js';
export const RAFT_SNAPSHOT_PROTOCOL = '/shoal/raft/snapshot/1.0.0';
const FRAME_BYTES = 1024 * 1024;
const ACK_EVERY = 4 * FRAME_BYTES;
const WINDOW = 2 * ACK_EVERY;
const MAX_HEADER_BYTES = 64 * 1024;
/** A transfer that makes no progress for this long is abandoned (the leader resends later). */
const STALL_MS = 30_000;
const DIAL_TIMEOUT_MS = 5_000;
export class SnapshotStreams {
    node;
    log;
    sending = new Set();
    stopped = false;
    constructor(node, log) {
        this.node = node;
        this.log = log;
    }
    async start(openSink) {
        await this.node.handle(RAFT_SNAPSHOT_PROTOCOL, async (stream, connection) => {
            try {
                await this.receive(stream, connection, openSink);
            }
            catch (err) {
                this.log(`snapshot from ${connection.remotePeer.toString()} dropped: ${describeError(err)}`);
                reset(stream, err);
            }
        }, { maxInboundStreams: 8, runOnLimitedConnection: false });
    }
    async stop() {
        this.stopped = true;
        await this.node.unhandle(RAFT_SNAPSHOT_PROTOCOL);
    }
    /**
     * Sends a Snapshot message (its data left out) and then `data`. Resolves
     * when the receiver has taken it all; false when one to the same peer for
     * the same group is still moving.
     */
    async send(message, data) {
        const key = `${message.group}\n${message.to}`;
        if (this.sending.has(key) || this.stopped)
            return false;
        this.sending.add(key);
        try {
            // Bulk bytes: never on the Raft lane, where they would hold heartbeats up.
            const stream = await openBulkStream(this.node, peerIdFromString(message.to), RAFT_SNAPSHOT_PROTOCOL, AbortSignal.timeout(DIAL_TIMEOUT_MS));
            const lp = lpStream(stream, { maxDataLength: FRAME_BYTES });
            try {
                await lp.write(RaftSnapshotHeader.encode({ message }), { signal: AbortSignal.timeout(STALL_MS) });
                let sent = 0;
                let acked = 0;
                for await (const frame of frames(data)) {
                    while (sent - acked >= WINDOW)
                        acked = await readAck(lp, acked);
                    await lp.write(frame, { signal: AbortSignal.timeout(STALL_MS) });
                    sent += frame.length;
                }
                await lp.write(new Uint8Array(0), { signal: AbortSignal.timeout(STALL_MS) });
                while (acked < sent)
                    acked = await readAck(lp, acked);
                await stream.close({ signal: AbortSignal.timeout(STALL_MS) });
            }
            catch (err) {
                reset(stream, err);
                throw err;
            }
            return true;
        }
        finally {
            this.sending.delete(key);
        }
    }
    async receive(stream, connection, openSink) {
        const lp = lpStream(stream, { maxDataLength: Math.max(FRAME_BYTES, MAX_HEADER_BYTES), maxBufferSize: WINDOW + 2 * FRAME_BYTES });
        const { message } = decodeOrThrow(RaftSnapshotHeader, await lp.read({ signal: AbortSignal.timeout(STALL_MS) }), 'snapshot header');
        if (message?.snapshot == null || message.from !== connection.remotePeer.toString() || message.to !== this.node.peerId.toString()) {
            throw new ProtocolViolation('a snapshot header must carry a snapshot from its sender to us');
        }
        const sink = openSink(message);
        if (sink == null)
            throw new ProtocolViolation(`no snapshot of ${message.group} is wanted here`);
        this.log(`receiving a snapshot of ${message.group} at ${message.snapshot.index} from ${message.from}`);
        try {
            let received = 0;
            let acked = 0;
            for (;;) {
                const frame = await lp.read({ signal: AbortSignal.timeout(STALL_MS) });
                if (frame.byteLength > 0)
                    await sink.write(frame.subarray());
                received += frame.byteLength;
                if (received - acked >= ACK_EVERY || (frame.byteLength === 0 && received > acked)) {
                    await lp.write(varint.encode(received), { signal: AbortSignal.timeout(STALL_MS) });
                    acked = received;
                }
                if (frame.byteLength === 0)
                    break;
            }
            sink.finish();
        }
        catch (err) {
            sink.abort();
            throw err;
        }
        await stream.close({ signal: AbortSignal.timeout(STALL_MS) });
    }
}
/** The pieces regrouped into frames of FRAME_BYTES (the last may be shorter): a write per small record would cost a round of the stream's machinery each. */
async function* frames(pieces) {
    let frame = new Uint8Array(FRAME_BYTES);
    let filled = 0;
    for await (const piece of pieces) {
        for (let offset = 0; offset < piece.length;) {
            const taken = Math.min(piece.length - offset, FRAME_BYTES - filled);
            frame.set(piece.subarray(offset, offset + taken), filled);
            filled += taken;
            offset += taken;
            if (filled === FRAME_BYTES) {
                yield frame;
                frame = new Uint8Array(FRAME_BYTES);
                filled = 0;
            }
        }
    }
    if (filled > 0)
        yield frame.subarray(0, filled);
}
/** The receiver's next acknowledgement: a byte count beyond the last one. */
async function readAck(lp, last) {
    const bytes = await lp.read({ signal: AbortSignal.timeout(STALL_MS) });
    let acked;
    try {
        acked = varint.decode(bytes);
    }
    catch {
        throw new ProtocolViolation('malformed snapshot acknowledgement');
    }
    if (acked <= last)
        throw new ProtocolViolation('a snapshot acknowledgement must move forward');
    return acked;
}
//# sourceMappingURL=snapshot-stream.js.map