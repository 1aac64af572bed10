import { encodeCommand, ReplicatedState } from '../../peer/consensus/replicated-state.js';
import { decodeJson, encodeJson } from '../json-state.js';
import { Namespace } from './namespace.js';
class Metadata {
    values = new Map();
    apply(command) {
        const c = command;
        if (c?.op !== 'set' || typeof c.key !== 'string')
            throw new Error(`bad metadata command ${JSON.stringify(command)}`);
        this.values.set(c.key, c.value);
        return c.value;
    }
    snapshot() { return encodeJson([...this.values]); }
    restore(data) { this.values = new Map(decodeJson(data)); }
}
class NamespacePart {
    ns = new Namespace();
    apply(command) { return this.ns.apply(command); }
    snapshot() { return this.ns.snapshot(); }
    restore(data) { this.ns = Namespace.restore(data); }
}
function partOf(command) {
    return command.op === 'set' ? 'meta' : 'namespace';
}
/** Entries written before the state had parts were bare commands. */
function legacyEnvelope(value) {
    return { part: partOf(value), command: value };
}
const LENGTH_BYTES = 4;
const OPEN_BRACKET = 0x5b;
export class MasterState {
    metadata = new Metadata();
    namespacePart = new NamespacePart();
    state = new ReplicatedState({ meta: this.metadata, namespace: this.namespacePart }, undefined, legacyEnvelope);
    apply(data, index) {
        return this.state.apply(data, index);
    }
    get(key) {
        return this.metadata.values.get(key);
    }
    /** The namespace as applied so far: read it, never change it (changes go through the log). */
    get namespace() {
        return this.namespacePart.ns;
    }
    snapshot() {
        return this.state.snapshot();
    }
    restore(data) {
        // Before parts, a snapshot was the metadata (a JSON array) and then the namespace.
        if (data[LENGTH_BYTES] !== OPEN_BRACKET) {
            this.state.restore(data);
            return;
        }
        const end = LENGTH_BYTES + new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
        this.metadata.restore(data.subarray(LENGTH_BYTES, end));
        this.namespacePart.restore(data.subarray(end));
    }
}
export function encodeMasterCommand(command, session) {
    return encodeCommand(partOf(command), command, session);
}
//# sourceMappingURL=state.js.map