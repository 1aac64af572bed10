// The TCP socket under a libp2p connection, for the tuning libp2p offers no
// option for. It sits on a field libp2p does not document (`connection.maConn`,
// @libp2p/tcp 11's TCPSocketMultiaddrConnection): where it is not found, callers
// leave the connection as it is.
import { Socket } from 'node:net';
export function rawConnection(connection) {
    const raw = connection.maConn;
    if (raw == null || !(raw.socket instanceof Socket))
        return undefined;
    if (typeof raw.sendData !== 'function' || typeof raw.sendPause !== 'function' || typeof raw.sendResume !== 'function')
        return undefined;
    return raw;
}
//# sourceMappingURL=raw-socket.js.map