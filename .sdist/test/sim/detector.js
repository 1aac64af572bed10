export class Detector {
    rng;
    suspicion;
    jitter;
    views = new Map();
    /** A silent peer is suspected after `suspicion` ticks and up to `jitter` more. */
    constructor(rng, suspicion, jitter) {
        this.rng = rng;
        this.suspicion = suspicion;
        this.jitter = jitter;
    }
    /** A peer (re)started: a new process assumes every peer alive until it learns otherwise. */
    restarted(observer) {
        this.views.delete(observer);
    }
    /** Called at the end of every tick with what each running observer can truly hear from each other peer. */
    observe(now, observer, peer, heard, crashed) {
        let view = this.views.get(observer);
        if (view === undefined)
            this.views.set(observer, view = { belief: new Map(), pending: new Map() });
        const p = view.pending.get(peer);
        if (p !== undefined) {
            if (p.alive !== heard && !p.firm)
                view.pending.delete(peer);
            return;
        }
        if ((view.belief.get(peer) ?? true) === heard)
            return;
        let delay;
        let firm = false;
        if (heard)
            delay = 1 + this.rng.int(3); // it reconnects
        else if (crashed && this.rng.chance(0.7)) {
            delay = 1 + this.rng.int(3); // the process died and its connections closed
            firm = true;
        }
        else
            delay = this.suspicion + this.rng.int(this.jitter);
        view.pending.set(peer, { at: now + delay, alive: heard, firm });
    }
    /** The verdicts due by `now`; each changes the observer's belief. */
    due(now) {
        const out = [];
        for (const [observer, view] of this.views) {
            for (const [peer, p] of view.pending) {
                if (p.at > now)
                    continue;
                view.pending.delete(peer);
                view.belief.set(peer, p.alive);
                out.push({ observer, peer, alive: p.alive });
            }
        }
        return out;
    }
}
//# sourceMappingURL=detector.js.map