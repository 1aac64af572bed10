import { describeError } from './log.js';
const keyOf = (role, instance) => instance === '' ? role : `${role}/${instance}`;
export class RoleManager {
    factories;
    shared;
    running = new Map();
    /** Transitions run one after another so a fast win-lose-win never overlaps. */
    queue = Promise.resolve();
    constructor(factories, shared) {
        this.factories = factories;
        this.shared = shared;
    }
    /** The roles with at least one instance running, each named once. */
    held() {
        return [...new Set([...this.running.values()].map(r => r.role))];
    }
    /** The instances of `role` running now. */
    instances(role) {
        return [...this.running.values()].filter(r => r.role === role).map(r => r.instance);
    }
    /** Runs `role` (its `instance`, if it runs one per group) at `term` when `on`, otherwise stops it. */
    async set(role, on, term = 0, instance = '') {
        const key = keyOf(role, instance);
        this.queue = this.queue.then(async () => {
            const current = this.running.get(key);
            if (current != null && (!on || current.term !== term))
                await this.stop(key);
            if (on && !this.running.has(key))
                await this.start(role, instance, term);
        });
        return this.queue;
    }
    async stopAll() {
        for (const { role, instance } of [...this.running.values()])
            await this.set(role, false, 0, instance);
    }
    async start(role, instance, term) {
        const factory = this.factories[role];
        if (factory == null)
            return;
        const log = this.shared.log.child(keyOf(role, instance));
        const service = factory({ ...this.shared, log, term, instance });
        try {
            await service.start();
            this.running.set(keyOf(role, instance), { role, instance, service, term });
            log(term > 0 ? `started for term ${term}` : 'started');
        }
        catch (err) {
            log.error(`failed to start: ${describeError(err)}`);
        }
    }
    async stop(key) {
        const current = this.running.get(key);
        this.running.delete(key);
        try {
            await current?.service.stop();
            this.shared.log.child(key)('stopped');
        }
        catch (err) {
            this.shared.log.error(`${key} failed to stop cleanly`, err);
        }
    }
}
//# sourceMappingURL=roles.js.map