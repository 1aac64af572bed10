import { decodeJson, encodeJson } from '../json-state.js';
export class TestState {
    values = [];
    apply(data) {
        this.values.push(data);
        return this.values.length;
    }
    all() {
        return this.values;
    }
    snapshot() {
        return encodeJson(this.values.map(v => Buffer.from(v).toString('base64')));
    }
    restore(data) {
        this.values = decodeJson(data).map(s => new Uint8Array(Buffer.from(s, 'base64')));
    }
}
//# sourceMappingURL=state.js.map