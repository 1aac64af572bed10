const CHECK_MS = 250;
export class HoldRenewal {
    master;
    putId;
    placed = new Map();
    holdMs;
    /** Every chunk placed so far is held until at least this plus holdMs. */
    coveredSince;
    lastAttempt = performance.now();
    renewing = false;
    timer;
    constructor(master, putId) {
        this.master = master;
        this.putId = putId;
        this.timer = setInterval(() => { this.check(); }, CHECK_MS);
    }
    /** A chunk was placed at `askedAt` (performance.now() when the request went), and the master holds placements for `holdMs`. */
    place(cid, size, holdMs, askedAt) {
        this.placed.set(cid, size);
        if (holdMs > 0)
            this.holdMs = holdMs;
        this.coveredSince ??= askedAt;
    }
    /** True if some chunk's hold may have lapsed: the put took longer than the hold without renewing. */
    lapsed() {
        return this.holdMs !== undefined && this.coveredSince !== undefined && performance.now() - this.coveredSince >= this.holdMs;
    }
    stop() {
        clearInterval(this.timer);
    }
    check() {
        if (this.holdMs === undefined || this.renewing || performance.now() - this.lastAttempt < this.holdMs / 4)
            return;
        this.renewing = true;
        const askedAt = this.lastAttempt = performance.now();
        const chunks = [...this.placed].map(([cid, size]) => ({ cid, size, replicas: [] }));
        // A failed renewal is tried again a quarter hold later: the hold outlasts three more.
        void this.master.request({ op: 'hold', chunks, putId: this.putId }).then(() => {
            this.coveredSince = askedAt;
        }, () => { }).finally(() => { this.renewing = false; });
    }
}
//# sourceMappingURL=hold-renewal.js.map