import { FREE_DISK_HEADROOM } from '../../peer/disk-space.js';
import { durationFromEnv } from '../../peer/env.js';
import { describeError } from '../../peer/log.js';
import { HOLD_MS } from './pending.js';
import { placeReplicas } from './placement.js';
import { chunkServers, describeServer } from './servers.js';
/** Copies in flight at once, swarm-wide: repair must not starve clients. */
const MAX_REPAIRS_IN_FLIGHT = 8;
/** Deleted chunks remembered, so a server that was away and reports one is told to delete it. */
const COLLECTED_MEMORY = 100_000;
/**
 * How long a chunk must stay unreferenced and unheld, as this master sees it,
 * before it is collected; `SHOAL_ORPHAN_GRACE_MS` overrides it (tests). Never
 * shorter than a put's hold: a running put renews its holds well within that,
 * so a new master, which starts with no holds, hears from it first.
 */
const ORPHAN_GRACE_MS = Math.max(HOLD_MS, durationFromEnv('SHOAL_ORPHAN_GRACE_MS', HOLD_MS));
/**
 * A new master knows no holds: puts still running under its predecessor renew
 * theirs within a quarter hold. Until half a hold has passed, it deletes
 * nothing unreferenced (a chunk an rm released may be one such a put placed).
 */
const FIRST_DELETE_AFTER_MS = HOLD_MS / 2;
/** Orphans are looked for this often (a walk of the location cache). */
const ORPHAN_SCAN_MS = Math.min(5_000, ORPHAN_GRACE_MS / 4);
/** DHT lookups at once, and how soon the same chunk is looked up again. */
const MAX_LOOKUPS_IN_FLIGHT = 4;
const LOOKUP_AGAIN_MS = 30_000;
export class Repairer {
    context;
    repairing = new Set();
    collecting = new Set();
    collected = new Set();
    unrecoverable = new Set();
    lookedUp = new Map();
    /** Deletes sent and not yet answered, by chunk. */
    deleting = new Map();
    /** Unreferenced, unheld chunks servers hold, with when this master first saw each so. */
    orphanSince = new Map();
    lastOrphanScan = -Infinity;
    startedAt = performance.now();
    lookups = 0;
    constructor(context) {
        this.context = context;
    }
    /** Chunks the namespace released: deleted on the next pass unless referenced or held again by then. */
    released(cids) {
        for (const cid of cids)
            this.collecting.add(cid);
    }
    /** A server reported holding `cid`: if it is one already collected and still unreferenced, delete it there too. */
    reported(server, cid) {
        if (this.collected.has(cid) && this.isGarbage(cid))
            void this.delete(server, [cid]);
    }
    /**
     * Resolves once no delete of these chunks is in flight. A put placing a
     * chunk waits for this, so a delete sent before the put cannot land on a
     * server after the put stored the same content there.
     */
    async settled(cids) {
        await Promise.allSettled(cids.flatMap(cid => [...this.deleting.get(cid) ?? []]));
    }
    pass() {
        this.findOrphans();
        this.collect();
        this.repair();
    }
    isGarbage(cid) {
        return this.context.state.namespace.refCount(cid) === 0 && !this.context.pending.held(cid);
    }
    collect() {
        if (performance.now() - this.startedAt < FIRST_DELETE_AFTER_MS)
            return;
        const byServer = new Map();
        for (const cid of [...this.collecting]) {
            // A chunk held for a put in progress waits; a referenced one is no longer garbage.
            if (this.context.pending.held(cid))
                continue;
            this.collecting.delete(cid);
            if (!this.isGarbage(cid))
                continue;
            this.remember(cid);
            for (const server of this.context.locations.holders(cid)) {
                byServer.set(server, [...byServer.get(server) ?? [], cid]);
            }
        }
        for (const [server, cids] of byServer)
            void this.delete(server, cids);
    }
    /** Chunks orphaned for the whole grace period join those to collect. */
    findOrphans() {
        const now = performance.now();
        if (now - this.lastOrphanScan < ORPHAN_SCAN_MS)
            return;
        this.lastOrphanScan = now;
        const orphans = new Map();
        let expired = 0;
        for (const cid of this.context.locations.chunks()) {
            if (!this.isGarbage(cid) || this.collecting.has(cid) || this.deleting.has(cid))
                continue;
            const since = this.orphanSince.get(cid) ?? now;
            if (now - since < ORPHAN_GRACE_MS) {
                orphans.set(cid, since);
            }
            else {
                this.collecting.add(cid);
                expired++;
            }
        }
        this.orphanSince = orphans;
        if (expired > 0)
            this.context.log(`collecting ${expired} orphan chunk(s): no file references them and no put has held them for ${ORPHAN_GRACE_MS / 1000} s`);
    }
    async delete(server, cids) {
        const { view, locations, log, term } = this.context;
        if (view.state(server) === 'dead')
            return; // told when it reports them again
        const sent = this.context.confirmLeadership().then(async () => await this.context.command(describeServer(view, server), {
            term, op: 'delete', chunks: cids.map(cid => ({ cid, size: 0, replicas: [] })), sources: []
        }));
        for (const cid of cids)
            this.deleting.set(cid, (this.deleting.get(cid) ?? new Set()).add(sent));
        try {
            const result = await sent;
            for (const cid of result.done)
                locations.remove(server, cid);
            if (result.error !== '')
                log(`delete on ${server} refused: ${result.message}`);
        }
        catch (err) {
            log(`delete of ${cids.length} chunk(s) on ${server} failed: ${describeError(err)}`);
        }
        finally {
            for (const cid of cids) {
                const pending = this.deleting.get(cid);
                pending?.delete(sent);
                if (pending?.size === 0)
                    this.deleting.delete(cid);
            }
        }
    }
    remember(cid) {
        this.collected.add(cid);
        if (this.collected.size > COLLECTED_MEMORY)
            this.collected.delete(this.collected.values().next().value);
    }
    repair() {
        const { state, view, locations, log } = this.context;
        const candidates = chunkServers(view);
        for (const demand of state.namespace.chunks()) {
            if (this.repairing.size >= MAX_REPAIRS_IN_FLIGHT)
                return;
            if (this.repairing.has(demand.cid))
                continue;
            const holders = locations.holders(demand.cid);
            const present = holders.filter(id => view.state(id) !== 'dead');
            if (present.length >= demand.replicas) {
                this.unrecoverable.delete(demand.cid);
                this.trim(demand.cid, demand.replicas, holders);
                continue;
            }
            const sources = holders.filter(id => view.state(id) === 'alive');
            if (sources.length === 0) {
                if (!this.unrecoverable.has(demand.cid))
                    log(`chunk ${demand.cid} has no live replica known; asking the DHT, and waiting for a server to report it`);
                this.unrecoverable.add(demand.cid);
                this.lookUp(demand.cid);
                continue;
            }
            const targets = placeReplicas(demand.cid, candidates, demand.replicas - present.length, { exclude: holders, minFreeBytes: FREE_DISK_HEADROOM + demand.size });
            if (targets.length === 0)
                continue;
            this.repairing.add(demand.cid);
            void this.copy(demand.cid, demand.size, sources, targets).finally(() => this.repairing.delete(demand.cid));
        }
    }
    /**
     * A chunk on more servers than it wants (a dead server came back after its
     * copies were re-made elsewhere) loses the copies farthest from it in XOR
     * distance. Only while every holder is alive, so a flapping server never
     * costs a copy, and never for a chunk a put in progress placed.
     */
    trim(cid, replicas, holders) {
        const { view, pending } = this.context;
        if (holders.length <= replicas || pending.held(cid) || this.deleting.has(cid))
            return;
        if (!holders.every(id => view.state(id) === 'alive'))
            return;
        const ranked = placeReplicas(cid, holders.map(id => ({ id, state: 'alive', freeDisk: Number.MAX_SAFE_INTEGER })), holders.length);
        for (const extra of ranked.slice(replicas))
            void this.delete(extra, [cid]);
    }
    /** Adds the live providers the DHT knows for `cid` to the location cache. */
    lookUp(cid) {
        const { view, locations, log } = this.context;
        const now = Date.now();
        if (this.lookups >= MAX_LOOKUPS_IN_FLIGHT || (this.lookedUp.get(cid) ?? 0) > now - LOOKUP_AGAIN_MS)
            return;
        this.lookedUp.set(cid, now);
        this.lookups++;
        void this.context.providers(cid).then(ids => {
            for (const id of ids.filter(id => view.state(id) === 'alive')) {
                locations.add(id, cid);
                log(`the DHT names ${id} as a holder of ${cid}`);
            }
        }, (err) => { log(`DHT lookup of ${cid} failed: ${describeError(err)}`); }).finally(() => { this.lookups--; });
    }
    async copy(cid, size, sources, targets) {
        const { view, locations, log, term } = this.context;
        const from = sources.map(id => describeServer(view, id));
        await Promise.all(targets.map(async (target) => {
            try {
                const result = await this.context.command(describeServer(view, target), { term, op: 'replicate', chunks: [{ cid, size, replicas: from }], sources: [] });
                if (result.done.includes(cid)) {
                    locations.add(target, cid);
                    log(`re-replicated ${cid} to ${target}`);
                }
                else {
                    log(`re-replication of ${cid} to ${target} failed: ${result.message || result.failed.map(f => f.message).join('; ')}`);
                }
            }
            catch (err) {
                log(`re-replication of ${cid} to ${target} failed: ${describeError(err)}`);
            }
        }));
    }
}
//# sourceMappingURL=repair.js.map