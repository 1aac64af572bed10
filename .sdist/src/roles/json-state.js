// The control groups' state machines keep small JSON documents; this is the
// shared snapshot/restore and command decoding for them.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
export function encodeJson(value) {
    return encoder.encode(JSON.stringify(value));
}
export function decodeJson(bytes) {
    return JSON.parse(decoder.decode(bytes));
}
//# sourceMappingURL=json-state.js.map