import { rawConnection } from './raw-socket.js';
const coalesced = new WeakSet();
/** Makes the connection write each batch with one system call; false if its socket is not reachable. */
export function coalesceWrites(connection) {
    const raw = rawConnection(connection);
    if (raw == null || coalesced.has(raw))
        return raw != null;
    const { socket, sendData } = raw;
    raw.sendData = data => {
        socket.cork();
        try {
            return sendData.call(raw, data);
        }
        finally {
            socket.uncork();
        }
    };
    coalesced.add(raw);
    return true;
}
/** Applies coalesceWrites to every connection of `node`, present and future. */
export function coalesceSocketWrites(node) {
    node.addEventListener('connection:open', event => { coalesceWrites(event.detail); });
    for (const connection of node.getConnections())
        coalesceWrites(connection);
}
//# sourceMappingURL=socket-writes.js.map