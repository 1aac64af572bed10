// Chunks placed for a put that has not committed yet. The collector must not
// delete them: neither a put of content that a removed file also had, nor
// the chunks of a put still going (no file references them yet). Holds are
// kept per put: a put renews its own while it runs (the `hold` request), and
// its commit ends only its own, so two puts of the same content never lose
// each other's. A client that dies leaves holds that lapse after HOLD_MS, and
// its chunks become orphans for the collector.
import { durationFromEnv } from '../../peer/env.js';
/** `SHOAL_HOLD_MS` overrides it (tests). */
export const HOLD_MS = durationFromEnv('SHOAL_HOLD_MS', 10 * 60_000);
export class PendingPlacements {
    now;
    /** By chunk: each holding put's id and when its hold lapses. */
    holds = new Map();
    constructor(now = Date.now) {
        this.now = now;
    }
    hold(chunks, putId) {
        const until = this.now() + HOLD_MS;
        for (const { cid } of chunks) {
            const puts = this.holds.get(cid) ?? new Map();
            puts.set(putId, until);
            this.holds.set(cid, puts);
        }
    }
    /** The put's commit or append referenced these chunks: its holds end (other puts' stay). */
    settle(chunks, putId) {
        for (const { cid } of chunks) {
            const puts = this.holds.get(cid);
            puts?.delete(putId);
            if (puts?.size === 0)
                this.holds.delete(cid);
        }
    }
    held(cid) {
        const puts = this.holds.get(cid);
        if (puts === undefined)
            return false;
        const now = this.now();
        for (const [putId, until] of puts) {
            if (until <= now)
                puts.delete(putId);
        }
        if (puts.size > 0)
            return true;
        this.holds.delete(cid);
        return false;
    }
}
//# sourceMappingURL=pending.js.map