// A replicated state machine made of named parts (the master's: its metadata
// and the DFS namespace), each applying its own typed commands and
// snapshotted as its own part, with client sessions (Raft dissertation §6.3)
// so a retried write applies once. A client registers first, through the log,
// and gets its id; a write naming a session the state does not hold (it
// expired) is refused, never applied as if new, since it may be the retry of
// a write that applied. Everything here is deterministic: sessions expire by
// log index, never by clock, so every replica forgets the same ones.
import { CodedError } from '../errors.js';
export class SessionError extends CodedError {
    name = 'SessionError';
    /** STALE_REQUEST: answered long ago, the reply dropped; SESSION_EXPIRED: no such session (any more). */
    constructor(code, message) {
        super(code, message);
    }
}
export const DEFAULT_SESSION_LIMITS = { idleEntries: 1_000_000, maxSessions: 10_000, maxReplies: 1_024 };
const MAX_CLIENT_LENGTH = 256;
// Snapshot: a 4-byte length, a JSON header (part names with their snapshot
// lengths, then the sessions), then each part's snapshot bytes in order.
const LENGTH_BYTES = 4;
export class ReplicatedState {
    parts;
    limits;
    legacy;
    sessions = new Map();
    constructor(parts, limits = DEFAULT_SESSION_LIMITS, 
    /** Turns a log entry that is not an envelope (written before parts existed) into one. */
    legacy) {
        this.parts = parts;
        this.limits = limits;
        this.legacy = legacy;
    }
    apply(data, index) {
        const value = decodeJson(data);
        if (isRegistration(value)) {
            this.expire(index);
            const client = String(index);
            this.touch(client, { floor: 0, replies: new Map(), lastIndex: index }, index);
            return client;
        }
        const envelope = this.envelope(value);
        const part = this.parts[envelope.part];
        this.expire(index);
        const session = envelope.session;
        if (session === undefined)
            return part.apply(envelope.command, index);
        const record = this.sessions.get(session.client);
        if (record === undefined) {
            throw new SessionError('SESSION_EXPIRED', `client session ${session.client} has expired (or was never registered): whether its earlier writes applied is unknown; register again`);
        }
        if (record.replies.has(session.seq))
            return this.touch(session.client, record, index).replies.get(session.seq);
        if (session.seq < record.floor)
            throw new SessionError('STALE_REQUEST', `request ${session.seq} of ${session.client} was answered long ago`);
        // A refused command changed nothing, so its retry may apply: only results are kept.
        const result = part.apply(envelope.command, index);
        record.replies.set(session.seq, result);
        record.floor = Math.max(record.floor, session.firstUnanswered);
        for (const seq of record.replies.keys())
            if (seq < record.floor)
                record.replies.delete(seq);
        while (record.replies.size > this.limits.maxReplies) {
            const oldest = Math.min(...record.replies.keys());
            record.replies.delete(oldest);
            record.floor = Math.max(record.floor, oldest + 1);
        }
        this.touch(session.client, record, index);
        return result;
    }
    part(name) {
        return this.parts[name];
    }
    snapshot() {
        const names = Object.keys(this.parts).sort();
        const bodies = names.map(name => this.parts[name].snapshot());
        const header = {
            parts: names.map((name, k) => [name, bodies[k].length]),
            sessions: [...this.sessions].map(([client, r]) => [client, r.floor, r.lastIndex, [...r.replies]])
        };
        const head = encodeJson(header);
        const bytes = new Uint8Array(LENGTH_BYTES + head.length + bodies.reduce((n, b) => n + b.length, 0));
        new DataView(bytes.buffer).setUint32(0, head.length);
        bytes.set(head, LENGTH_BYTES);
        let offset = LENGTH_BYTES + head.length;
        for (const body of bodies) {
            bytes.set(body, offset);
            offset += body.length;
        }
        return bytes;
    }
    restore(data) {
        const headLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
        const header = decodeJson(data.subarray(LENGTH_BYTES, LENGTH_BYTES + headLength));
        let offset = LENGTH_BYTES + headLength;
        for (const [name, length] of header.parts) {
            this.parts[name]?.restore(data.subarray(offset, offset + length));
            offset += length;
        }
        this.sessions = new Map(header.sessions.map(([client, floor, lastIndex, replies]) => [client, { floor, lastIndex, replies: new Map(replies) }]));
    }
    /** Sessions in least recently used order: the first is the next to expire. */
    touch(client, record, index) {
        record.lastIndex = index;
        this.sessions.delete(client);
        this.sessions.set(client, record);
        while (this.sessions.size > this.limits.maxSessions)
            this.sessions.delete(this.sessions.keys().next().value);
        return record;
    }
    expire(index) {
        for (const [client, record] of this.sessions) {
            if (index - record.lastIndex < this.limits.idleEntries)
                break;
            this.sessions.delete(client);
        }
    }
    envelope(value) {
        const candidate = typeof value === 'object' && value !== null && 'part' in value ? value : this.legacy?.(value);
        if (candidate === undefined || typeof candidate.part !== 'string' || !Object.hasOwn(this.parts, candidate.part)) {
            throw new TypeError('not a command of this state');
        }
        const session = candidate.session;
        if (session !== undefined && !(typeof session === 'object' && session !== null && typeof session.client === 'string' &&
            session.client !== '' && session.client.length <= MAX_CLIENT_LENGTH && Number.isSafeInteger(session.seq) && session.seq >= 0 &&
            Number.isSafeInteger(session.firstUnanswered) && session.firstUnanswered >= 0 && session.firstUnanswered <= session.seq)) {
            throw new TypeError('a session is a client id with whole sequence numbers, the first unanswered no later than this one');
        }
        return candidate;
    }
}
export function encodeCommand(part, command, session) {
    return encodeJson(session === undefined ? { part, command } : { part, command, session });
}
/** The entry that opens a client session; applied, it returns the session's client id. */
export function encodeRegistration() {
    return encodeJson({ register: true });
}
function isRegistration(value) {
    return typeof value === 'object' && value !== null && !('part' in value) && value.register === true;
}
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const encodeJson = (value) => encoder.encode(JSON.stringify(value));
const decodeJson = (bytes) => JSON.parse(decoder.decode(bytes));
//# sourceMappingURL=replicated-state.js.map