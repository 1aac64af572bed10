// A client's session with a replicated state: the id the state gave it when
// it registered (through the log), and the numbers of its writes, so the
// state applies a retried write once. The state may drop a reply once every
// write before it is answered: the session tells it the lowest number still
// waiting. A session the state has forgotten cannot be resumed: the next
// write registers a new one.
export class ClientSession {
    register;
    clientId;
    next = 0;
    waiting = new Set();
    /** `register` opens a session with the state and resolves with its client id. */
    constructor(register) {
        this.register = register;
    }
    /** Numbers a new write (registering first, once); call answered() once it has its final answer (or is abandoned). */
    async begin() {
        const registering = this.clientId ??= this.register();
        let clientId;
        try {
            clientId = await registering;
        }
        catch (err) {
            if (this.clientId === registering)
                this.clientId = undefined;
            throw err;
        }
        const seq = this.next++;
        this.waiting.add(seq);
        return { clientId, seq, firstUnanswered: Math.min(...this.waiting) };
    }
    answered(seq) {
        this.waiting.delete(seq);
    }
    /** The state forgot this session: the next write registers a new one. */
    expired() {
        this.clientId = undefined;
        this.next = 0;
        this.waiting.clear();
    }
}
//# sourceMappingURL=client-session.js.map