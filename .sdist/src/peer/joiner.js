// Keeps a peer joined: redials every bootstrap address it is not connected to,
// with backoff, for as long as the peer runs. Dialing only until *some*
// bootstrap peer answers is not enough: peers started together can connect
// among themselves and never reach the one holding the council, and libp2p
// does not redial a restarted bootstrap peer (notes/libp2p-swarm.md).
// A handshake refused for a different swarm key is said plainly.
import { multiaddr } from '@multiformats/multiaddr';
import { explainDialError } from './dial-error.js';
const ROUND_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const DIAL_TIMEOUT_MS = 3_000;
export class Joiner {
    node;
    targets;
    log;
    timer;
    constructor(node, bootstrap, log) {
        this.node = node;
        this.log = log;
        const self = node.peerId.toString();
        // A swarm's address list may name this peer too: it has nothing to dial there.
        this.targets = bootstrap.map(a => {
            const addr = multiaddr(a);
            return { addr, peerId: addr.getComponents().find(c => c.name === 'p2p')?.value, nextDialAt: 0, backoffMs: ROUND_MS };
        }).filter(t => t.peerId !== self);
    }
    start() {
        if (this.targets.length === 0)
            return;
        this.timer = setInterval(() => { this.round(); }, ROUND_MS);
        this.round();
    }
    stop() {
        clearInterval(this.timer);
    }
    connected(target) {
        return target.peerId != null && this.node.getConnections().some(c => c.remotePeer.toString() === target.peerId);
    }
    round() {
        const now = Date.now();
        for (const target of this.targets) {
            if (now < target.nextDialAt || this.connected(target))
                continue;
            target.nextDialAt = now + DIAL_TIMEOUT_MS + target.backoffMs;
            void this.dial(target);
        }
    }
    async dial(target) {
        const key = target.addr.toString();
        try {
            const connection = await this.node.dial(target.addr, { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) });
            target.peerId = connection.remotePeer.toString();
            target.backoffMs = ROUND_MS;
            target.nextDialAt = 0;
            if (target.lastError != null)
                this.log(`joined via ${key}`);
            target.lastError = undefined;
        }
        catch (err) {
            const reason = explainDialError(err);
            if (target.lastError !== reason)
                this.log(`cannot join via ${key}: ${reason}`);
            target.lastError = reason;
            target.backoffMs = Math.min(target.backoffMs * 2, MAX_BACKOFF_MS);
            target.nextDialAt = Date.now() + target.backoffMs;
        }
    }
}
//# sourceMappingURL=joiner.js.map