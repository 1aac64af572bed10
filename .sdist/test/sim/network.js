const MAX_DELAY = 3;
export class Network {
    rng;
    vrng;
    opts;
    /** Batches written, those carrying more than one group's messages, and those delayed long. */
    counts = { batches: 0, coalesced: 0, longDelays: 0 };
    chaos = true;
    /** Batches in flight by the tick they arrive. */
    inflight = new Map();
    /** The peers on the far side of a partition; undefined when there is none. */
    far;
    cuts = [];
    /** receiver -> sender -> connections closed so far. */
    closed = new Map();
    constructor(rng, vrng, opts) {
        this.rng = rng;
        this.vrng = vrng;
        this.opts = opts;
    }
    get partitioned() { return this.far !== undefined; }
    get hasOneWayCuts() { return this.cuts.length > 0; }
    /** Splits the peers: `far` on one side, everyone else on the other (an empty `far` is a partition that cuts no one); undefined heals. */
    partition(far) {
        this.far = far === undefined ? undefined : new Set(far);
    }
    /** Replaces the one-way cuts. */
    cut(cuts) {
        this.cuts = cuts;
    }
    /** The chaos is over: every cut heals, and nothing is lost, duplicated or delayed long any more. */
    calm() {
        this.chaos = false;
        this.far = undefined;
        this.cuts = [];
    }
    connected(from, to) {
        if (this.far !== undefined && this.far.has(from) !== this.far.has(to))
            return false;
        return !this.cuts.some(c => (c.from === undefined || c.from === from) && (c.to === undefined || c.to === to));
    }
    /** `to` closes its connection from `from`: nothing still on it arrives. */
    close(from, to) {
        let byFrom = this.closed.get(to);
        if (byFrom === undefined)
            this.closed.set(to, byFrom = new Map());
        byFrom.set(from, this.epoch(from, to) + 1);
    }
    send(now, from, to, messages) {
        this.counts.batches++;
        if (messages.some(x => x.group !== messages[0].group))
            this.counts.coalesced++;
        if (this.chaos && this.rng.chance(this.opts.loss))
            return;
        const batch = { from, to, messages, epoch: this.epoch(from, to), sentAt: now };
        this.enqueue(now, batch);
        if (this.chaos && this.rng.chance(this.opts.duplication))
            this.enqueue(now, batch);
    }
    /** Takes back what `from` sent at `now` (its process died before the writes left). */
    unsend(from, now) {
        for (const [at, due] of this.inflight)
            this.inflight.set(at, due.filter(b => b.from !== from || b.sentAt !== now));
    }
    /** The batches arriving at `now`, in a random order, but for those whose connection was closed. */
    arrivals(now) {
        const due = this.inflight.get(now) ?? [];
        this.inflight.delete(now);
        return this.rng.shuffle(due).filter(b => b.epoch === this.epoch(b.from, b.to));
    }
    epoch(from, to) {
        return this.closed.get(to)?.get(from) ?? 0;
    }
    enqueue(now, batch) {
        let at = now + 1 + this.rng.int(MAX_DELAY);
        const long = this.opts.longDelay;
        if (this.chaos && long !== undefined && this.vrng.chance(long.chance)) {
            at = now + 1 + MAX_DELAY + this.vrng.int(long.max);
            this.counts.longDelays++;
        }
        const due = this.inflight.get(at);
        if (due === undefined)
            this.inflight.set(at, [batch]);
        else
            due.push(batch);
    }
}
//# sourceMappingURL=network.js.map