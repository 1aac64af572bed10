// Fencing for coordinator commands: every command a master or shardmaster
// sends carries its term, and a peer refuses any term older than the newest it
// has seen for that role, so a deposed coordinator cannot act after a failover.
export class StaleTermError extends Error {
    name = 'StaleTermError';
}
export class Fence {
    newest = new Map();
    /** Learns a term (from this peer's own consensus groups, or a reply), without judging a command. */
    observe(role, term) {
        if (term > (this.newest.get(role) ?? 0))
            this.newest.set(role, term);
    }
    /** Accepts a command stamped with `term`, or throws StaleTermError. */
    admit(role, term) {
        const newest = this.newest.get(role) ?? 0;
        if (term < newest)
            throw new StaleTermError(`${role} command from term ${term} refused: term ${newest} has begun`);
        this.newest.set(role, term);
    }
    term(role) {
        return this.newest.get(role) ?? 0;
    }
}
//# sourceMappingURL=fence.js.map