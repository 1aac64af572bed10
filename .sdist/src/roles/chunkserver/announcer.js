import { describeError } from '../../peer/log.js';
const CONCURRENCY = 2;
const PROVIDE_TIMEOUT_MS = 30_000;
/** Announcing starts once no chunk has moved for this long... */
export const QUIET_MS = 1_000;
/** ...or once the oldest job has waited this long. */
export const MAX_DELAY_MS = 10_000;
export class Announcer {
    routing;
    log;
    timing;
    queue = new Map();
    active = 0;
    stopped = false;
    lastBusy = 0;
    wakeUp;
    constructor(routing, log, timing = { quietMs: QUIET_MS, maxDelayMs: MAX_DELAY_MS }) {
        this.routing = routing;
        this.log = log;
        this.timing = timing;
    }
    provide(cid) {
        this.enqueue({ cid, provide: true, queuedAt: performance.now() });
    }
    withdraw(cid) {
        this.enqueue({ cid, provide: false, queuedAt: performance.now() });
    }
    /** Chunk bytes are moving: announcements hold off. */
    busy() {
        this.lastBusy = performance.now();
    }
    /** Jobs waiting or running. */
    get pending() {
        return this.queue.size + this.active;
    }
    stop() {
        this.stopped = true;
        this.queue.clear();
        clearTimeout(this.wakeUp);
    }
    /** A later job for the same chunk replaces a queued one: only the last word counts. */
    enqueue(job) {
        if (this.stopped)
            return;
        const key = job.cid.toString();
        this.queue.delete(key);
        this.queue.set(key, job);
        this.drain();
    }
    drain() {
        clearTimeout(this.wakeUp);
        while (this.active < CONCURRENCY && this.queue.size > 0 && !this.stopped) {
            const [key, job] = this.queue.entries().next().value;
            const startAt = Math.min(this.lastBusy + this.timing.quietMs, job.queuedAt + this.timing.maxDelayMs);
            if (startAt > performance.now()) {
                this.wakeUp = setTimeout(() => { this.drain(); }, startAt - performance.now());
                this.wakeUp.unref();
                return;
            }
            this.queue.delete(key);
            this.active++;
            void this.run(job).finally(() => {
                this.active--;
                this.drain();
            });
        }
    }
    async run({ cid, provide }) {
        try {
            if (provide)
                await this.routing.provide(cid, { signal: AbortSignal.timeout(PROVIDE_TIMEOUT_MS) });
            else
                await this.routing.cancelReprovide(cid);
        }
        catch (err) {
            if (!this.stopped)
                this.log(`DHT ${provide ? 'announce' : 'withdrawal'} of ${cid} failed: ${describeError(err)}`);
        }
    }
}
//# sourceMappingURL=announcer.js.map