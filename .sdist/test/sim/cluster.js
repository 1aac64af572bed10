// A seeded simulation of peers that host Raft groups: several groups share
// the peers (each group's voters drawn from them, overlapping), and so share
// their crashes and restarts, partitions, clocks and stalls, one network that
// loses, delays, reorders and duplicates, and one failure detector. Each group
// has its own Checker, which checks every step of that group; clients,
// membership changes, compaction and transfers are per group (group.ts).
// Then everything heals and every group must elect a leader and commit again.
//
// As in the real peer: quiescence is on (a core's default), so idle groups go
// quiet and stop ticking; all the messages one peer sends another in a tick
// travel as one batch, lost, delayed or duplicated together (the transport
// writes a peer's queued messages in one go; network.ts); the failure detector
// (detector.ts) wakes the groups whose leader's peer died or became
// unreachable (GroupHost.leaderLost), and a peer's return wakes the quiet
// groups its peers lead (GroupHost.peerReturned). Harsher than the real
// peer, for safety's sake: batches overtake each other, many seeds reorder
// the messages within a batch, and a scattered network (SimOptions.scatter)
// sends each message alone.
//
// Each seed also draws a set of variations (see Variations): long delays,
// one-way links, clocks at other speeds and stalls, disk loss with the
// operator's replacement of the peer's replicas, a leader asked to remove
// itself, and a liveness check that keeps a minority of crashed peers down,
// then kills the peer leading the most quiet groups. Their draws come from a
// second generator.
import { MessageType } from '../../src/peer/consensus/types.js';
import { mix } from './checker.js';
import { Detector } from './detector.js';
import { SimGroup } from './group.js';
import { Network } from './network.js';
import { Rng } from './prng.js';
export const VARIATIONS = ['longDelays', 'oneWay', 'clocks', 'diskLoss', 'removeLeader', 'keepDown'];
export function emptyReport() {
    return {
        groups: 0, steps: 0, elections: 0, committed: 0, snapshotsSent: 0, confChanges: 0, crashes: 0, partitions: 0, recovery: 0,
        longDelays: 0, oneWayCuts: 0, skewedClocks: 0, stalls: 0, diskLosses: 0, replacements: 0, leaderRemovals: 0, leaderRemovalsCut: 0, keptDown: 0, quietLeadersKilled: 0, quietGroupsOrphaned: 0,
        batches: 0, coalesced: 0, groupTicks: 0, quietGroupTicks: 0, quiescences: 0, deadVerdicts: 0, wakes: 0, quietWakes: 0, returnWakes: 0
    };
}
const ELECTION_TICKS = 10;
const HEARTBEAT_TICKS = 2;
const FINAL = 'final';
const FAST_CLOCK_LIVENESS_TICKS = 1000;
/** How long the end of a run waits for every group to go quiet before a peer leading quiet groups dies. */
const QUIET_WAIT_TICKS = 5 * ELECTION_TICKS;
class SimPeer {
    id;
    /** Its replicas by group name; a retired replica leaves, a lost disk's stay, never to run again. */
    replicas = new Map();
    up = true;
    lost = false;
    /** Crashed: the tick it comes back. */
    downUntil;
    /** A slow or fast clock, and the fraction of a tick it is owed. */
    clock;
    /** Its process is blocked: when it resumes, since when, whether it then ticks for the time lost, and what reached it meanwhile. */
    stall;
    /** Messages written this tick, by destination peer. */
    outbox = new Map();
    constructor(id) {
        this.id = id;
    }
}
export class SimCluster {
    opts;
    groups = [];
    peers = new Map();
    variations;
    /** Every draw of the variations; the rest of the chaos keeps `rng` to itself. */
    vrng;
    now = 0;
    chaos = true;
    rng;
    network;
    /** Crashed peers left down through the first liveness check. */
    keptDown = new Set();
    detector;
    /** Chance that a batch's messages reach the replicas in another order than sent. */
    reorder;
    nextPeer = 0;
    report = emptyReport();
    optionsText;
    constructor(opts) {
        this.opts = opts;
        const rng = this.rng = new Rng(opts.seed);
        const loss = rng.next() * (rng.chance(0.3) ? 0.3 : 0.1);
        const duplication = rng.next() * 0.05;
        // The transport keeps a peer's messages in order, but Raft must not rely on it: many seeds reorder within batches too.
        this.reorder = rng.pick([0, 0.5, 1]);
        const lagReady = rng.chance(0.5) ? 0.3 : 0;
        /** Small batches make followers acknowledge old-term entries without the new leader's no-op (Raft Figure 8). */
        const maxEntriesPerAppend = rng.pick([1, 2, 4, 64]);
        const v = this.vrng = new Rng(mix(0, `variations of seed ${opts.seed}`));
        const drawn = {
            longDelays: v.chance(0.3),
            oneWay: v.chance(0.3),
            clocks: v.chance(0.3),
            diskLoss: v.chance(0.3),
            removeLeader: v.chance(0.3),
            keepDown: v.chance(0.5)
        };
        this.variations = { ...drawn, ...opts.variations };
        if (!opts.groups.some(g => g.membership))
            this.variations.diskLoss = this.variations.removeLeader = false;
        const longDelay = { chance: 0.01 + v.next() * 0.09, max: v.pick([2, 3, 5]) * ELECTION_TICKS };
        this.network = new Network(rng, v, { loss, duplication, longDelay: this.variations.longDelays ? longDelay : undefined });
        // How long a silent peer takes to be suspected: one to three election timeouts, and some jitter.
        const suspicion = rng.pick([1, 2, 3]) * ELECTION_TICKS;
        this.detector = new Detector(rng.fork(), suspicion, ELECTION_TICKS);
        const on = VARIATIONS.filter(k => this.variations[k]);
        const off = [opts.preVote === false ? 'no pre-vote' : '', opts.checkQuorum === false ? 'no check-quorum' : ''].filter(t => t !== '');
        const shape = `${opts.peers} peers, ${opts.groups.length} group${opts.groups.length === 1 ? '' : 's'}${opts.scatter === true ? ', scattered' : ''}${(opts.trouble ?? 1) === 1 ? '' : `, trouble x${opts.trouble}`}`;
        this.optionsText = `${[shape, ...off].join(', ')}${on.length > 0 ? `; ${on.join(', ')}` : ''}`;
        const ids = Array.from({ length: opts.peers }, (_, k) => `n${k + 1}`);
        for (const id of ids)
            this.addPeer(id);
        const params = { electionTicks: ELECTION_TICKS, heartbeatTicks: HEARTBEAT_TICKS, preVote: opts.preVote, checkQuorum: opts.checkQuorum, maxEntriesPerAppend };
        opts.groups.forEach((g, k) => {
            if (g.voters > ids.length)
                throw new RangeError(`a group of ${g.voters} voters on ${ids.length} peers`);
            // One group on as many peers as it has voters boots on n1.. in order; otherwise on a seeded draw of them.
            const voters = g.voters === ids.length ? ids : rng.shuffle([...ids]).slice(0, g.voters);
            this.groups.push(new SimGroup(this, `g${k + 1}`, g, voters, params, rng.fork(), lagReady));
        });
        this.report.groups = this.groups.length;
    }
    run() {
        for (let i = 0; i < this.opts.chaosTicks; i++)
            this.tick();
        this.heal();
        const kept = [...this.keptDown].join(', ');
        this.report.recovery = this.awaitRecovery(FINAL, kept === '' ? '' : ` with ${kept} kept down`);
        if (this.keptDown.size > 0) {
            const back = [...this.keptDown];
            this.keptDown.clear();
            for (const id of back)
                this.restart(this.peer(id));
            this.awaitRecovery(`${FINAL} after ${kept}`, ` of ${kept} coming back`);
        }
        const killed = this.variations.keepDown ? this.killQuietLeader() : undefined;
        if (killed !== undefined)
            this.awaitRecovery(`${FINAL} without ${killed}`, ` of ${killed}, which led quiet groups, dying`);
        for (const key of ['batches', 'coalesced', 'longDelays'])
            this.report[key] = this.network.counts[key];
        for (const g of this.groups) {
            g.finish();
            this.report.steps += g.checker.steps;
            this.report.elections += g.checker.elections;
            for (const key of ['committed', 'confChanges', 'replacements', 'leaderRemovals', 'leaderRemovalsCut'])
                this.report[key] += g.report[key];
        }
        return this.report;
    }
    /** Ticks until a fresh proposal `text` is applied on every member of every group that is up; returns the ticks it took. */
    awaitRecovery(text, what) {
        for (const g of this.groups)
            g.recovered = false;
        const bound = this.livenessTicks();
        for (let i = 1; i <= bound; i++) {
            this.tick();
            let all = true;
            for (const g of this.groups) {
                if (!g.recovered)
                    g.recovered = g.checkRecovered(text);
                all &&= g.recovered;
            }
            if (all)
                return i;
        }
        const stuck = this.groups.filter(g => !g.recovered);
        const g = stuck[0];
        const others = stuck.length > 1 ? ` (and ${stuck.slice(1).map(o => o.name).join(', ')})` : '';
        return g.checker.fail(`no leader committed a fresh proposal on every member within ${bound} ticks${what}${g.hints(this.opts.preVote)}${others}:\n${g.describe()}\n  peers: ${this.describePeers()}`);
    }
    /**
     * A leader on a fast clock counts its check-quorum round (an election
     * timeout of its own ticks) in fewer real ticks than a round trip to a
     * follower on a slow clock may take: Raft's timing requirement does not
     * hold, and a term it wins may end at once. Slow, not stuck: with batches,
     * one single-group run in 20,000 took 487 ticks, with a leader on a clock
     * twice as fast and a follower on one half as fast; without skewed clocks
     * none of 5,538 took more than 168.
     */
    livenessTicks() {
        const fast = [...this.peers.values()].some(p => (p.clock?.rate ?? 1) > 1);
        return fast ? Math.max(this.opts.livenessTicks, FAST_CLOCK_LIVENESS_TICKS) : this.opts.livenessTicks;
    }
    // ---- what a group asks of the peers ----
    peer(id) {
        const peer = this.peers.get(id);
        if (peer === undefined)
            throw new Error(`no peer ${id}`);
        return peer;
    }
    isUp(id) { return this.peers.get(id)?.up === true; }
    isStalled(id) { return this.peers.get(id)?.stall !== undefined; }
    isLost(id) { return this.peers.get(id)?.lost === true; }
    isKeptDown(id) { return this.keptDown.has(id); }
    clockRate(id) { return this.peers.get(id)?.clock?.rate ?? 1; }
    describePeer(id) {
        const peer = this.peers.get(id);
        if (peer === undefined)
            return 'no such peer';
        if (peer.lost)
            return 'disk lost';
        if (this.keptDown.has(id))
            return 'kept down';
        if (!peer.up)
            return 'down';
        if (peer.stall !== undefined)
            return 'stalled';
        return 'up';
    }
    host(id, group, node) {
        const peer = this.peer(id);
        peer.replicas.set(group.name, node);
        if (peer.up)
            node.start();
    }
    peerFor(group) {
        const unused = [...this.peers.values()].filter(p => !p.lost && !group.nodes.has(p.id));
        if (unused.length > 0 && this.rng.chance(0.7))
            return this.rng.pick(unused).id;
        return `n${this.nextPeer + 1}`;
    }
    /** Starts a new machine (if `id` is not one yet). */
    addPeer(id) {
        if (this.peers.has(id))
            return;
        const peer = new SimPeer(id);
        this.peers.set(id, peer);
        this.nextPeer++;
        if (this.variations.clocks && this.vrng.chance(0.5)) {
            peer.clock = { rate: this.vrng.pick([0.5, 0.75, 1.5, 2]), owed: 0 };
            this.report.skewedClocks++;
        }
    }
    send(from, group, messages) {
        const outbox = this.peer(from).outbox;
        for (const m of messages) {
            if (m.type === MessageType.Snapshot)
                this.report.snapshotsSent++;
            if (this.opts.scatter === true) {
                this.network.send(this.now, from, m.to, [{ group, m }]);
                continue;
            }
            const queue = outbox.get(m.to);
            if (queue === undefined)
                outbox.set(m.to, [{ group, m }]);
            else
                queue.push({ group, m });
        }
    }
    /**
     * Stops a peer's process for a while. What it sent this tick had not left
     * yet (`sent` keeps it): in batches, the unwritten outbox; scattered, the
     * messages already on their way.
     */
    crash(id, downFor, sent = 'lose') {
        const peer = this.peer(id);
        if (!peer.up)
            return;
        if (sent === 'keep')
            this.flushPeer(peer);
        else if (this.opts.scatter === true) {
            this.network.unsend(id, this.now);
        }
        this.stop(peer);
        this.report.crashes++;
        peer.downUntil = this.now + (downFor ?? (this.rng.chance(0.5) ? 1 + this.rng.int(3) : 5 + this.rng.int(60)));
    }
    cutOff(id) {
        this.network.partition([id]);
        this.report.partitions++;
    }
    // ---- time ----
    tick() {
        this.now++;
        for (const g of this.groups)
            g.checker.where = `seed ${this.opts.seed} (${this.optionsText}) tick ${this.now} ${g.name} (${g.text})`;
        for (const g of this.groups)
            for (const id of g.retire())
                this.peers.get(id)?.replicas.delete(g.name);
        for (const peer of this.peers.values())
            if (peer.downUntil !== undefined && peer.downUntil <= this.now)
                this.restart(peer);
        for (const peer of this.peers.values())
            if (peer.stall !== undefined && peer.stall.until <= this.now)
                this.resume(peer);
        for (const verdict of this.detector.due(this.now))
            this.verdict(verdict);
        if (this.chaos)
            this.makeTrouble();
        for (const g of this.groups)
            if (g.replacement !== undefined && (!this.chaos || this.vrng.chance(0.3)))
                g.operate();
        for (const peer of this.peers.values()) {
            if (!peer.up || peer.stall !== undefined)
                continue;
            for (let k = this.ticksOwed(peer); k > 0; k--)
                for (const node of peer.replicas.values())
                    node.tick();
        }
        this.deliverDue();
        this.flush();
        this.observe();
        if (this.chaos)
            this.countQuiet();
    }
    /** 1 on a true clock; on a slow one sometimes 0, on a fast one sometimes 2. */
    ticksOwed(peer) {
        const c = peer.clock;
        if (c === undefined)
            return 1;
        c.owed += c.rate;
        const n = Math.floor(c.owed);
        c.owed -= n;
        return n;
    }
    countQuiet() {
        for (const g of this.groups) {
            const isQuiet = g.allQuiet();
            if (isQuiet === undefined)
                continue;
            this.report.groupTicks++;
            if (isQuiet)
                this.report.quietGroupTicks++;
            if (isQuiet && !g.quiet)
                this.report.quiescences++;
            g.quiet = isQuiet;
        }
    }
    // ---- the network ----
    /** Each peer writes what it queued for each other peer this tick as one batch. */
    flush() {
        for (const peer of this.peers.values())
            this.flushPeer(peer);
    }
    flushPeer(peer) {
        for (const [to, messages] of peer.outbox)
            this.network.send(this.now, peer.id, to, messages);
        peer.outbox.clear();
    }
    deliverDue() {
        for (const b of this.network.arrivals(this.now)) {
            const to = this.peers.get(b.to);
            if (to?.up === true && this.network.connected(b.from, b.to)) {
                if (to.stall !== undefined) {
                    to.stall.inbox.push(b); // it arrived; the blocked process reads it when it resumes
                    continue;
                }
                this.receive(to, b);
            }
            else if (this.rng.chance(0.5)) {
                // A real transport often learns that a write failed, and tells every group it carried.
                const from = this.peers.get(b.from);
                if (from?.up !== true || from.stall !== undefined)
                    continue;
                for (const { group, m } of b.messages)
                    from.replicas.get(group.name)?.act(core => { core.reportUnreachable(m.to); });
            }
        }
    }
    receive(peer, b) {
        const messages = this.chaos && this.rng.chance(this.reorder) ? this.rng.shuffle([...b.messages]) : b.messages;
        for (const { group, m } of messages) {
            if (!peer.up)
                return; // it crashed reading the batch
            const node = peer.replicas.get(group.name);
            if (node === undefined)
                continue; // not hosted here (any more): the host drops it
            const applied = node.machine.index;
            node.deliver(m);
            // Crash right after the reply was persisted and sent: did the vote or entries really reach the disk? Right
            // after applying, most often: a leader that just committed crashes before its followers learn of it.
            const chance = m.type === MessageType.Vote ? 0.05 : node.machine.index > applied ? 0.01 : 0.002 / this.groups.length;
            if (this.chaos && this.rng.chance(chance)) {
                this.crash(peer.id, undefined, 'keep');
            }
        }
    }
    // ---- the failure detector ----
    /** What each running peer truly hears from each other peer now; the detector turns changes into verdicts later. */
    observe() {
        for (const o of this.peers.values()) {
            if (!o.up)
                continue;
            for (const x of this.peers.values()) {
                if (x === o)
                    continue;
                this.detector.observe(this.now, o.id, x.id, x.up && x.stall === undefined && this.network.connected(x.id, o.id), !x.up);
            }
        }
    }
    verdict(v) {
        const observer = this.peers.get(v.observer);
        if (observer?.up !== true)
            return;
        if (!v.alive)
            this.report.deadVerdicts++;
        if (observer.stall !== undefined)
            observer.stall.inbox.push(v); // its detector runs when it resumes
        else
            this.hear(observer, v);
    }
    /** What the host does with a verdict: GroupHost.leaderLost or GroupHost.peerReturned. */
    hear(observer, v) {
        if (!v.alive) {
            // The connection from that peer is closed: nothing it still carried arrives.
            this.network.close(v.peer, observer.id);
            for (const node of observer.replicas.values()) {
                const core = node.core;
                if (core === undefined || core.leader() !== v.peer)
                    continue;
                const quiet = core.isQuiesced();
                node.act(c => { c.wake(v.peer); });
                // Counted by their effect, so that a wake that does nothing shows.
                if (core.leader() !== v.peer)
                    this.report.wakes++;
                if (quiet && !core.isQuiesced())
                    this.report.quietWakes++;
            }
        }
        else {
            for (const node of observer.replicas.values()) {
                const core = node.core;
                if (core === undefined || core.leader() !== observer.id || !core.isQuiesced())
                    continue;
                node.act(c => { c.wake(); });
                if (!core.isQuiesced())
                    this.report.returnWakes++;
            }
        }
    }
    // ---- the chaos ----
    makeTrouble() {
        const rng = this.rng;
        const t = this.opts.trouble ?? 1;
        if (rng.chance(this.network.partitioned ? 0.05 : 0.01 * t))
            this.repartition();
        const live = [...this.peers.values()].filter(p => p.up);
        if (live.length > 0 && rng.chance(0.006 * t))
            this.crash(rng.pick(live).id);
        const leaders = this.groups.flatMap(g => g.leaders().map(n => n.id));
        if (leaders.length > 0 && rng.chance(0.008 * t))
            this.crash(rng.pick(leaders));
        if (leaders.length > 0 && rng.chance(0.008 * t))
            this.isolate(rng.pick(leaders));
        for (const g of this.groups)
            g.makeTrouble();
        const v = this.vrng;
        const variations = this.variations;
        if (variations.oneWay && v.chance(this.network.hasOneWayCuts ? 0.05 : 0.02))
            this.cutOneWay();
        if (variations.clocks && v.chance(0.01))
            this.stall();
        const replacing = this.groups.some(g => g.replacement !== undefined);
        if (variations.diskLoss && !replacing && this.report.diskLosses < 2 && v.chance(0.006))
            this.loseDisk();
        // Most often near the end of the chaos, so that what it leaves behind meets the liveness check.
        const late = this.now > this.opts.chaosTicks - 60;
        if (variations.removeLeader && v.chance(late ? 0.06 : 0.02)) {
            v.pick(this.groups.filter(g => g.opts.membership && g.replacement === undefined))?.removeLeader();
        }
    }
    /** Stops a peer's process: what its replicas have not persisted, and what it has not written to the network, is lost. */
    stop(peer) {
        for (const node of peer.replicas.values())
            node.crash();
        peer.up = false;
        peer.stall = undefined;
        peer.outbox.clear();
    }
    restart(peer) {
        peer.downUntil = undefined;
        if (peer.lost)
            return;
        peer.up = true;
        this.detector.restarted(peer.id);
        for (const node of peer.replicas.values())
            node.start();
    }
    /** Leaves `id` in a minority, alone or with one other peer. */
    isolate(id) {
        this.report.partitions++;
        this.network.partition(this.peers.size >= 5 && this.rng.chance(0.5) ? [id, this.rng.pick([...this.peers.keys()])] : [id]);
    }
    /** Heals the partition, or makes a new one: a peer alone, or a random split. */
    repartition() {
        if (this.rng.chance(0.3)) {
            this.network.partition(undefined);
            return;
        }
        this.report.partitions++;
        const ids = [...this.peers.keys()];
        this.network.partition(this.rng.chance(0.5) ? [this.rng.pick(ids)] : ids.filter(() => this.rng.int(2) === 1));
    }
    /** Replaces the one-way cuts: none, a peer that only hears or is only heard, a leader's peer so, or a few links one way. */
    cutOneWay() {
        const v = this.vrng;
        const cuts = [];
        if (!v.chance(0.3)) {
            const ids = [...this.peers.values()].filter(p => !p.lost).map(p => p.id);
            const leader = v.pick(this.groups.flatMap(g => g.leaders().map(n => n.id)));
            const kind = v.int(3);
            if (kind === 0 || (kind === 1 && leader !== undefined)) {
                const x = kind === 1 && leader !== undefined ? leader : v.pick(ids);
                cuts.push(v.chance(0.5) ? { from: x } : { to: x });
            }
            else {
                for (let n = 1 + v.int(3); n > 0; n--) {
                    const [from, to] = v.shuffle([...ids]);
                    if (to !== undefined)
                        cuts.push({ from, to });
                }
            }
        }
        this.network.cut(cuts);
        if (cuts.length > 0)
            this.report.oneWayCuts++;
    }
    /** Blocks a peer's process for a while: no ticks, no steps, no verdicts; what reaches it waits. */
    stall() {
        const v = this.vrng;
        const peer = v.pick([...this.peers.values()].filter(p => p.up && p.stall === undefined));
        if (peer === undefined)
            return;
        peer.stall = { until: this.now + 5 + v.int(4 * ELECTION_TICKS), since: this.now, catchUp: v.chance(0.5), inbox: [] };
        this.report.stalls++;
    }
    /** The process runs again: it reads what arrived meanwhile; a driver that counts ticks by elapsed time then catches up. */
    resume(peer) {
        const s = peer.stall;
        peer.stall = undefined;
        if (s === undefined)
            return;
        for (const item of s.inbox) {
            if (!peer.up)
                return;
            if ('messages' in item)
                this.receive(peer, item);
            else
                this.hear(peer, item);
        }
        if (s.catchUp && this.chaos)
            for (let k = this.now - s.since; k > 0; k--)
                for (const node of peer.replicas.values())
                    node.tick();
    }
    /**
     * A peer loses its disk. Its id is never started again; a new machine
     * comes up empty under a new id, and the operator (SimGroup.operate) removes
     * the old id from each of its groups and adds the new one.
     */
    loseDisk() {
        const group = this.vrng.pick(this.groups.filter(g => g.responsiveLeaders().length > 0));
        const conf = group?.responsiveLeaders()[0].core?.status().conf;
        if (group === undefined || conf === undefined)
            return;
        const members = [...conf.voters, ...conf.learners].filter(id => group.hosted(id));
        const id = this.vrng.pick(members);
        // Raft survives the loss of a voter only where the others are a quorum: in every conf in play, not just the leader's.
        if (id === undefined || !this.groups.every(g => g.mayLose(id)))
            return;
        const peer = this.peer(id);
        const fresh = `n${this.nextPeer + 1}`;
        this.addPeer(fresh);
        for (const g of this.groups)
            if (g.hosted(id))
                g.replace(id, fresh);
        this.stop(peer);
        for (const node of peer.replicas.values())
            node.loseDisk();
        peer.lost = true;
        peer.downUntil = undefined;
        this.report.diskLosses++;
    }
    heal() {
        for (const g of this.groups)
            g.termAtHeal = g.maxTerm();
        this.chaos = false;
        this.network.calm();
        for (const peer of this.peers.values())
            if (peer.stall !== undefined)
                this.resume(peer);
        const down = [...this.peers.values()].filter(p => p.downUntil !== undefined).map(p => p.id);
        if (this.variations.keepDown)
            this.chooseKeptDown(down);
        for (const id of down)
            if (!this.keptDown.has(id))
                this.restart(this.peer(id));
        for (const id of this.keptDown)
            this.peer(id).downUntil = undefined;
    }
    /**
     * Keeps down as many of the crashed peers as can be while, in every group, a
     * quorum of the voters of every conf in play stays up: each replica's newest
     * conf (appended, maybe uncommitted) and its conf as of its commit index.
     * Raft must make progress then: a group must not need a minority back to
     * move on.
     */
    chooseKeptDown(down) {
        const quorate = () => this.groups.every(g => g.quorate(this.keptDown));
        if (!quorate())
            return;
        // The operator waits for the new member it is adding: it is not left down.
        const fresh = new Set(this.groups.map(g => g.replacement?.fresh));
        for (const id of this.vrng.shuffle(down.filter(id => !fresh.has(id)))) {
            this.keptDown.add(id);
            if (!quorate())
                this.keptDown.delete(id);
        }
        this.report.keptDown += this.keptDown.size;
    }
    /**
     * Waits (a bounded while) for every group to go quiet, then kills for good
     * the peer leading the most quiet groups among those every group can lose
     * (a quorum of every conf in play stays up); returns it, or undefined when
     * no group went quiet.
     */
    killQuietLeader() {
        for (let i = 0; i < QUIET_WAIT_TICKS && !this.groups.every(g => g.allQuiet() !== false); i++)
            this.tick();
        const led = new Map();
        for (const g of this.groups) {
            if (g.allQuiet() !== true)
                continue;
            for (const n of g.leaders())
                led.set(n.id, (led.get(n.id) ?? 0) + 1);
        }
        const losable = [...led].filter(([id]) => this.groups.every(g => g.quorate(new Set([id]))));
        const most = Math.max(0, ...losable.map(([, n]) => n));
        const id = this.vrng.pick(losable.filter(([, n]) => n === most).map(([id]) => id));
        if (id === undefined)
            return undefined;
        this.crash(id, 1);
        this.peer(id).downUntil = undefined;
        this.keptDown.add(id);
        this.report.quietLeadersKilled++;
        this.report.quietGroupsOrphaned += most;
        return id;
    }
    describePeers() {
        return [...this.peers.values()].map(p => {
            const state = this.describePeer(p.id);
            const clock = p.clock === undefined ? '' : ` x${p.clock.rate}`;
            return `${p.id} ${state}${clock}`;
        }).join(', ');
    }
}
//# sourceMappingURL=cluster.js.map