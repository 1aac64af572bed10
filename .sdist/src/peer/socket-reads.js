import { rawConnection } from './raw-socket.js';
export const READ_BUDGET_BYTES = 256 * 1024;
const budgeted = new WeakSet();
/** Limits what one turn reads from the connection's socket; false if its socket is not reachable. */
export function budgetReads(connection) {
    const raw = rawConnection(connection);
    if (raw == null || budgeted.has(raw))
        return raw != null;
    budgeted.add(raw);
    const { socket, sendPause, sendResume } = raw;
    // libp2p pauses the socket too (backpressure): it resumes only when neither pause holds.
    let pausedByLibp2p = false;
    let sittingOut = false;
    raw.sendPause = () => {
        pausedByLibp2p = true;
        sendPause.call(raw);
    };
    raw.sendResume = () => {
        pausedByLibp2p = false;
        if (!sittingOut)
            sendResume.call(raw);
    };
    let read = 0;
    socket.on('data', (bytes) => {
        read += bytes.byteLength;
        if (read < READ_BUDGET_BYTES || sittingOut)
            return;
        read = 0;
        sittingOut = true;
        socket.pause();
        setImmediate(() => {
            sittingOut = false;
            if (!pausedByLibp2p)
                socket.resume();
        });
    });
    return true;
}
/** Applies budgetReads to every connection of `node`, present and future. */
export function budgetSocketReads(node) {
    node.addEventListener('connection:open', event => { budgetReads(event.detail); });
    for (const connection of node.getConnections())
        budgetReads(connection);
}
//# sourceMappingURL=socket-reads.js.map