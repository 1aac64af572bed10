import { peerIdFromString } from '@libp2p/peer-id';
import { lpStream } from '@libp2p/utils';
import { RaftBatch } from '../../../protocols/raft.js';
import { dialRaftLane } from '../lanes.js';
import { serveMessages } from '../rpc.js';
import { SnapshotStreams } from './snapshot-stream.js';
import { MessageType } from './types.js';
export const RAFT_PROTOCOL = '/shoal/raft/2.0.0';
// Appends are small (entries are capped below this); a cap this size bounds
// what a hostile frame can cost to decode. Snapshots go on their own stream.
export const MAX_RAFT_MESSAGE_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES_PER_MESSAGE = 256;
const MAX_CONF_MEMBERS = 64;
const IDLE_STREAM_MS = 30_000;
const MAX_QUEUED_PER_PEER = 4096;
/** A batch takes messages until their entries pass this; one message larger than it goes alone. */
const BATCH_BYTES = 1024 * 1024;
/** What a message costs in a batch beyond its entries' data, generously. */
const MESSAGE_OVERHEAD_BYTES = 256;
const ENTRY_OVERHEAD_BYTES = 32;
/** The codec with repeated fields bounded, so a frame of empty messages or entries cannot balloon. */
const boundedRaftBatch = {
    encode: RaftBatch.encode,
    decode: (bytes) => RaftBatch.decode(bytes, {
        limits: {
            messages: MAX_QUEUED_PER_PEER,
            messages$: { entries: MAX_ENTRIES_PER_MESSAGE, snapshot: { conf: { voters: MAX_CONF_MEMBERS, learners: MAX_CONF_MEMBERS, incarnations: MAX_CONF_MEMBERS } } }
        }
    })
};
const DIAL_TIMEOUT_MS = 2_000;
const WRITE_TIMEOUT_MS = 2_000;
/** A Snapshot message's header for its own stream: the message with `snapshot` (its data left out). */
function snapshotHeader(group, m, snapshot) {
    const { conf } = snapshot;
    const wireConf = { voters: conf.voters, learners: conf.learners, incarnations: new Map(Object.entries(conf.incarnations ?? {})) };
    return { group, ...m, snapshot: { ...snapshot, data: new Uint8Array(), conf: wireConf } };
}
/** `m` for a batch, which names the two peers once for all its messages. */
function toBatched(group, m) {
    return { group, ...m, from: '', to: '' };
}
/** `messages` in frames of about BATCH_BYTES at most. */
function* inBatches(messages) {
    let batch = [];
    let bytes = 0;
    for (const m of messages) {
        const size = MESSAGE_OVERHEAD_BYTES + m.entries.reduce((sum, e) => sum + e.data.byteLength + ENTRY_OVERHEAD_BYTES, 0);
        if (batch.length > 0 && bytes + size > BATCH_BYTES) {
            yield batch;
            batch = [];
            bytes = 0;
        }
        batch.push(m);
        bytes += size;
    }
    if (batch.length > 0)
        yield batch;
}
function confFromWire(conf) {
    const incarnations = Object.fromEntries(conf?.incarnations ?? []);
    return Object.keys(incarnations).length > 0
        ? { voters: conf?.voters ?? [], learners: conf?.learners ?? [], incarnations }
        : { voters: conf?.voters ?? [], learners: conf?.learners ?? [] };
}
function fromWire(w, from = w.from, to = w.to) {
    const entries = w.entries.map(e => ({ index: e.index, term: e.term, type: e.type, data: e.data }));
    const snapshot = w.snapshot == null
        ? undefined
        : { index: w.snapshot.index, term: w.snapshot.term, data: w.snapshot.data, conf: confFromWire(w.snapshot.conf) };
    return {
        type: w.type,
        from,
        to,
        term: w.term,
        logIndex: w.logIndex,
        logTerm: w.logTerm,
        entries,
        commit: w.commit,
        reject: w.reject,
        rejectHint: w.rejectHint,
        snapshot,
        transfer: w.transfer,
        context: w.context,
        quiesce: w.quiesce,
        incarnation: w.incarnation
    };
}
class Outbox {
    queue = [];
    lane;
    stream;
    running = false;
}
export class RaftTransport {
    node;
    log;
    self;
    outboxes = new Map();
    snapshots;
    onInbound = () => { };
    onUnreachable = () => { };
    stopped = false;
    constructor(node, log) {
        this.node = node;
        this.log = log;
        this.self = node.peerId.toString();
        this.snapshots = new SnapshotStreams(node, log);
    }
    /** `openSnapshotSink` says where the bytes of a snapshot sent to one of our groups go (undefined: nowhere, refused). */
    async start(onInbound, onUnreachable, openSnapshotSink) {
        this.onInbound = onInbound;
        this.onUnreachable = onUnreachable;
        await serveMessages(this.node, {
            protocol: RAFT_PROTOCOL,
            codec: boundedRaftBatch,
            log: this.log,
            maxMessageBytes: MAX_RAFT_MESSAGE_BYTES,
            idleTimeoutMs: IDLE_STREAM_MS,
            maxInboundStreams: 4
        }, (batch, connection) => { this.receive(batch, connection); });
        await this.snapshots.start(wire => openSnapshotSink(wire.group, fromWire(wire)));
    }
    async stop() {
        this.stopped = true;
        await this.node.unhandle(RAFT_PROTOCOL);
        await this.snapshots.stop();
        for (const outbox of this.outboxes.values())
            outbox.lane?.abort(new Error('transport stopped'));
        this.outboxes.clear();
    }
    /** Sends `message`; a Snapshot message goes on its own stream, with `snapshot` as its data when given (else its own). */
    send(group, message, snapshot) {
        if (this.stopped) {
            snapshot?.close();
            return;
        }
        if (message.to === this.self) {
            this.onInbound(group, message);
            return;
        }
        if (message.type === MessageType.Snapshot && message.snapshot != null) {
            const { data, ...meta } = message.snapshot;
            const reader = snapshot ?? { index: meta.index, chunks: () => [data], close: () => { } };
            this.snapshots.send(snapshotHeader(group, message, meta), reader.chunks()).catch(err => {
                this.log(`snapshot of ${group} to ${message.to} not delivered: ${err.message}`);
                this.onUnreachable(group, message.to);
            }).finally(() => { reader.close(); });
            return;
        }
        let outbox = this.outboxes.get(message.to);
        if (outbox == null) {
            outbox = new Outbox();
            this.outboxes.set(message.to, outbox);
        }
        if (outbox.queue.length >= MAX_QUEUED_PER_PEER)
            outbox.queue.shift();
        outbox.queue.push(toBatched(group, message));
        if (!outbox.running)
            void this.drain(message.to, outbox);
    }
    receive(batch, connection) {
        // A batch speaks only for the peer that sent it, and only to us.
        if (batch.from !== connection.remotePeer.toString() || batch.to !== this.self) {
            this.log(`dropped raft messages claiming ${batch.from} -> ${batch.to} from ${connection.remotePeer.toString()}`);
            return;
        }
        for (const wire of batch.messages)
            this.onInbound(wire.group, fromWire(wire, batch.from, batch.to));
    }
    async drain(to, outbox) {
        outbox.running = true;
        let batch = [];
        try {
            // A host sends all its groups' messages in one turn: take them all into the first batch.
            await Promise.resolve();
            while (outbox.queue.length > 0 && !this.stopped) {
                batch = outbox.queue.splice(0, outbox.queue.length);
                const frames = [...inBatches(batch)].map(messages => RaftBatch.encode({ from: this.self, to, messages }));
                // A stream on a connection that died since the last write fails at once:
                // one retry on a fresh stream saves a whole election timeout after a peer restarts.
                try {
                    await this.write(to, outbox, frames);
                }
                catch {
                    this.resetStream(outbox);
                    await this.write(to, outbox, frames);
                }
            }
        }
        catch (err) {
            const groups = new Set([...batch, ...outbox.queue].map(m => m.group));
            outbox.queue = [];
            this.resetStream(outbox, err);
            // A lane that failed twice running may be dead without knowing it yet: the next message dials afresh.
            outbox.lane?.abort(err instanceof Error ? err : new Error('raft lane failed'));
            outbox.lane = undefined;
            for (const group of groups)
                this.onUnreachable(group, to);
        }
        finally {
            outbox.running = false;
        }
    }
    async write(to, outbox, frames) {
        outbox.stream ??= await this.open(peerIdFromString(to), outbox);
        await outbox.stream.writeV(frames, { signal: AbortSignal.timeout(WRITE_TIMEOUT_MS) });
    }
    resetStream(outbox, err) {
        outbox.stream?.unwrap().abort(err instanceof Error ? err : new Error('raft stream reset'));
        outbox.stream = undefined;
    }
    async open(peer, outbox) {
        const signal = AbortSignal.timeout(DIAL_TIMEOUT_MS);
        if (outbox.lane?.status !== 'open')
            outbox.lane = await dialRaftLane(this.node, peer, signal);
        const stream = await outbox.lane.newStream(RAFT_PROTOCOL, { signal });
        const lp = lpStream(stream, { maxDataLength: MAX_RAFT_MESSAGE_BYTES });
        stream.addEventListener('close', () => { if (outbox.stream === lp)
            outbox.stream = undefined; });
        return lp;
    }
}
//# sourceMappingURL=transport.js.map